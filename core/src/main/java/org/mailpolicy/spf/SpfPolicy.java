package org.mailpolicy.spf;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.mailpolicy.smtp.SmtpReply;

/**
 * What an SMTP server does with each SPF result, and the reply it gives. The default accepts
 * everything but {@code temperror}, which is deferred so the sender retries: DMARC, not SPF
 * alone, usually decides whether to refuse mail.
 */
public final class SpfPolicy {

    /** What to do with a message whose SPF result is a given word. */
    public enum Action {
        ACCEPT, REJECT, TEMPFAIL;

        public static Action parse(String word) {
            for (Action action : values()) {
                if (action.name().equalsIgnoreCase(word.trim())) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown action '" + word + "' (accepted: accept, reject, tempfail)");
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<SpfResultCode, Action> actions;

    private SpfPolicy(Map<SpfResultCode, Action> actions) {
        this.actions = actions;
    }

    public static SpfPolicy defaults() {
        Map<SpfResultCode, Action> actions = new EnumMap<>(SpfResultCode.class);
        for (SpfResultCode code : SpfResultCode.values()) {
            actions.put(code, Action.ACCEPT);
        }
        actions.put(SpfResultCode.TEMPERROR, Action.TEMPFAIL);
        return new SpfPolicy(actions);
    }

    /** A copy of this policy with one result's action replaced; {@code pass} is always accepted. */
    public SpfPolicy with(SpfResultCode code, Action action) {
        if (code == SpfResultCode.PASS && action != Action.ACCEPT) {
            throw new IllegalArgumentException("an SPF pass can only be accepted");
        }
        Map<SpfResultCode, Action> copy = new EnumMap<>(actions);
        copy.put(code, action);
        return new SpfPolicy(copy);
    }

    public Action actionFor(SpfResultCode code) {
        return actions.get(code);
    }

    /** The reply refusing or deferring this result; empty when it is accepted. */
    public Optional<SmtpReply> replyFor(SpfResult result) {
        Action action = actionFor(result.code());
        if (action == Action.ACCEPT) {
            return Optional.empty();
        }
        boolean reject = action == Action.REJECT;
        // RFC 7372 §3.2: X.7.24 for an SPF validation error, X.7.23 when validation failed.
        boolean error = result.code() == SpfResultCode.TEMPERROR || result.code() == SpfResultCode.PERMERROR;
        String enhanced = (reject ? "5" : "4") + (error ? ".7.24" : ".7.23");
        return Optional.of(new SmtpReply(reject ? 550 : 451, enhanced, text(result, reject)));
    }

    private static String text(SpfResult result, boolean reject) {
        String identity = result.identity() == SpfIdentity.HELO ? "HELO " + result.domain() : result.domain();
        switch (result.code()) {
            case FAIL:
            case SOFTFAIL:
            case NEUTRAL:
                // RFC 7208 §6.2: the explanation is the domain owner's text for a fail
                return "SPF " + result.code().keyword() + ": " + result.explanation()
                        .orElse(identity + " does not designate this host as a permitted sender");
            case TEMPERROR:
                return "SPF temporary error for " + identity + (reject ? "" : ", try again later")
                        + result.problem().map(p -> ": " + p).orElse("");
            case PERMERROR:
                return "SPF record of " + identity + " is invalid" + result.problem().map(p -> ": " + p).orElse("");
            default:
                return "SPF " + result.code().keyword() + " for " + identity + " is not accepted here";
        }
    }
}
