package org.mailpolicy.james.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.mailpolicy.arc.ArcResult;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.DmarcVerdict;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.spf.SpfResultCode;

/**
 * One matcher over all verdicts on the mail, for admins writing their own rules:
 * {@code AuthResultIs=spf:fail,spf:softfail,dkim:none} matches when SPF is fail or softfail
 * <em>and</em> the message is unsigned. Words of one method are alternatives; different methods must
 * all hold. {@code dkim:<result>} holds when any signature has that result ({@code dkim:none}: unsigned).
 * A method whose verdict is not on the mail does not hold. Methods: {@code spf}, {@code dkim}, {@code arc}, {@code dmarc}.
 *
 * <pre>{@code <mailet match="org.mailpolicy.james.matchers.AuthResultIs=dmarc:fail,spf:fail" class="...">}</pre>
 */
public class AuthResultIs extends GenericMatcher {

    /** Each method's words as its verdict on a mail gives them; empty when the verdict is absent. */
    private static final Map<String, Function<Mail, Optional<Set<String>>>> METHODS = Map.of(
            "spf", mail -> SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).map(r -> Set.of(r.code().keyword())),
            "dkim", mail -> DkimVerdict.read(mail).map(AuthResultIs::dkimWords),
            "arc", mail -> ArcVerdict.read(mail).map(v -> Set.of(v.result().word())),
            "dmarc", mail -> DmarcVerdict.read(mail).map(v -> Set.of(v.result().keyword())));

    private static final Map<String, Set<String>> WORDS = Map.of(
            "spf", words(SpfResultCode.values(), SpfResultCode::keyword),
            "dkim", words(DkimResult.values(), DkimResult::word),
            "arc", words(ArcResult.values(), ArcResult::word),
            "dmarc", words(DmarcResultCode.values(), DmarcResultCode::keyword));

    private Map<String, Set<String>> conditions;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("AuthResultIs needs method:result pairs, for example AuthResultIs=spf:fail,dkim:none");
        }
        Map<String, Set<String>> parsed = new LinkedHashMap<>();
        for (String pair : condition.split(",")) {
            String[] parts = pair.trim().toLowerCase(Locale.ROOT).split(":", -1);
            if (parts.length != 2 || !WORDS.containsKey(parts[0].trim())) {
                throw new MessagingException("AuthResultIs=" + condition + ": '" + pair.trim()
                        + "' is not method:result; methods are " + String.join(", ", WORDS.keySet()));
            }
            String method = parts[0].trim();
            String word = parts[1].trim();
            if (!WORDS.get(method).contains(word)) {
                throw new MessagingException("AuthResultIs=" + condition + ": '" + word + "' is not a " + method
                        + " result; expected one of " + String.join(", ", WORDS.get(method)));
            }
            parsed.computeIfAbsent(method, m -> new LinkedHashSet<>()).add(word);
        }
        conditions = parsed;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        for (Map.Entry<String, Set<String>> condition : conditions.entrySet()) {
            Optional<Set<String>> words = METHODS.get(condition.getKey()).apply(mail);
            if (words.isEmpty() || words.get().stream().noneMatch(condition.getValue()::contains)) {
                return List.of();
            }
        }
        return mail.getRecipients();
    }

    /** RFC 8601 §2.7.1: every signature's result, or none for an unsigned message. */
    private static Set<String> dkimWords(DkimVerdict verdict) {
        if (!verdict.isSigned()) {
            return Set.of(DkimResult.NONE.word());
        }
        return verdict.signatures().stream().map(s -> s.result().word()).collect(Collectors.toSet());
    }

    private static <T> Set<String> words(T[] values, Function<T, String> word) {
        return Arrays.stream(values).map(word).collect(Collectors.toCollection(TreeSet::new));
    }
}
