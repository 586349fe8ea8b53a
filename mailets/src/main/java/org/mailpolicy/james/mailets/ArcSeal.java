package org.mailpolicy.james.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.arc.ArcSealer;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.authres.AuthenticationResults;
import org.mailpolicy.authres.MethodResult;
import org.mailpolicy.authres.MethodResults;
import org.mailpolicy.dkim.DkimAlgorithm;
import org.mailpolicy.dkim.DkimPrivateKey;
import org.mailpolicy.james.ArcEvaluation;
import org.mailpolicy.james.ArcVerdict;
import org.mailpolicy.james.DkimSigningKeys;
import org.mailpolicy.james.DkimVerdict;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.mailpolicy.james.SpfVerdict;
import org.mailpolicy.james.TopHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals mail we forward with ARC (RFC 8617 §5.1): an ARC-Authentication-Results with our authserv-id
 * and the verdicts on the Mail ({@code spf=}, {@code dkim=} per signature, {@code arc=}), an
 * ARC-Message-Signature and an ARC-Seal whose cv= is the chain status the message arrived with
 * ({@code mailpolicy.arc}; computed here and stored when no hook or mailet did). Keys are DkimSign's:
 * a {@code <keyDirectory>/<domain>/<selector>.key} and the {@code dkim.sign.key*} properties. A chain that
 * already failed (cv=fail) or has 50 sets gets no set, and neither does mail whose chain could not be
 * verified for DNS trouble: a cv=fail sealed by mistake could never be undone.
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailpolicy.james.mailets.ArcSeal">
 *   <keyDirectory>/opt/james/conf/dkim</keyDirectory>
 *   <domain>lists.example.org</domain>  <!-- optional when the directory holds one domain -->
 *   <selector>arc</selector>            <!-- optional: default the domain's first RSA key -->
 * </mailet>
 * }</pre>
 */
public class ArcSeal extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(ArcSeal.class);

    private final ArcEvaluation evaluation;
    private final MailPolicyConfiguration configuration;
    private final DkimSigningKeys configuredKeys;
    private ArcSealer sealer;

    /** {@code configuredKeys}: the DKIM signing keys of {@code mailpolicy.properties}, possibly none. */
    @Inject
    public ArcSeal(ArcVerifier verifier, MailPolicyConfiguration configuration, DkimSigningKeys configuredKeys, MetricFactory metrics) {
        this.evaluation = new ArcEvaluation(verifier, configuration, metrics);
        this.configuration = configuration;
        this.configuredKeys = configuredKeys;
    }

    @Override
    public void init() throws MessagingException {
        String directory = getInitParameter("keyDirectory", "").trim();
        DkimSigningKeys keys;
        try {
            keys = configuredKeys.andDirectory(directory);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("ArcSeal: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new MessagingException("ArcSeal has no keys: give it a <keyDirectory> holding <domain>/<selector>.key files, or set "
                    + "dkim.sign.keyFile.<selector>._domainkey.<domain> in " + MailPolicyConfiguration.FILE);
        }
        String domain = getInitParameter("domain", "").trim().toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            if (keys.domains().size() != 1) {
                throw new MessagingException("ArcSeal: the DKIM keys (<keyDirectory>, dkim.sign.key* in " + MailPolicyConfiguration.FILE
                        + ") cover " + keys.domains().size() + " domains " + keys.domains() + "; name the sealing one with <domain>");
            }
            domain = keys.domains().iterator().next();
        }
        Map<String, DkimPrivateKey> domainKeys = keys.keysOf(domain);
        if (domainKeys.isEmpty()) {
            throw new MessagingException("ArcSeal: <domain>" + domain + "</domain> has no keys; expected " + directory + "/" + domain
                    + "/<selector>.key or dkim.sign.keyFile.<selector>._domainkey." + domain + " in " + MailPolicyConfiguration.FILE);
        }
        String selector = getInitParameter("selector", "").trim();
        if (selector.isEmpty()) {
            // RSA unless there is none: receivers are not all ready for Ed25519 seals (RFC 8463 is newer than most ARC code).
            selector = domainKeys.entrySet().stream()
                    .filter(e -> e.getValue().algorithm() == DkimAlgorithm.RSA_SHA256)
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(domainKeys.keySet().iterator().next());
        }
        if (!domainKeys.containsKey(selector)) {
            throw new MessagingException("ArcSeal: <selector>" + selector + "</selector> has no key; expected " + directory + "/" + domain + "/" + selector + ".key");
        }
        sealer = ArcSealer.builder(domain).key(selector, domainKeys.get(selector)).build();
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy ARC sealing (RFC 8617)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        byte[] message = MessageBytes.of(mail);
        ArcVerdict chain = ArcVerdict.read(mail).orElse(null);
        if (chain == null) {
            chain = evaluation.verify(message);
            mail.setAttribute(chain.toAttribute());
        }
        if (chain.temporary()) {
            LOGGER.warn("ARC mail={}: not sealed, the chain could not be verified: {}", mail.getName(), chain.reason());
            return;
        }
        String results = new AuthenticationResults(configuration.authservId(), results(mail, chain)).toHeaderValue();
        org.mailpolicy.arc.ArcSeal seal = sealer.seal(message, results, chain.result());
        if (!seal.isSealed()) {
            LOGGER.info("ARC mail={}: not sealed, {}", mail.getName(), seal.reason());
            return;
        }
        // RFC 8617 §4.2: the new set goes on top, with the other trace fields.
        TopHeaders.prepend(mail, seal.fields(), line -> false);
    }

    /** What our ADMD found (RFC 8617 §4.1.1): the verdicts the Mail carries, in the order AuthenticationResults writes them. */
    private static List<MethodResult> results(Mail mail, ArcVerdict chain) {
        List<MethodResult> results = new ArrayList<>();
        SpfVerdict.read(mail, SpfVerdict.MAIL_FROM).map(MethodResults::spf).ifPresent(results::add);
        SpfVerdict.read(mail, SpfVerdict.HELO).map(MethodResults::spf).ifPresent(results::add);
        DkimVerdict.read(mail).map(DkimVerdict::methodResults).ifPresent(results::addAll);
        results.add(chain.toMethodResult());
        return results;
    }
}
