package org.mailpolicy.james.mailets;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.james.DkimSigningKeys;
import org.mailpolicy.james.MailPolicyConfiguration;
import org.mailpolicy.james.MessageBytes;
import org.mailpolicy.james.TopHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs outbound mail with DKIM (RFC 6376; RSA and Ed25519, RFC 8463), one signature per key of
 * the signing domain, so a domain with an RSA and an Ed25519 key is dual-signed. The signing
 * domain is the From domain (aligned for DMARC, RFC 7489 §3.1.1) when keys exist for it, else
 * {@code defaultDomain}; mail with neither stays unsigned. Keys are read once at start-up from
 * the {@code dkim.sign.key*} properties of {@code mailpolicy.properties} ({@link DkimSigningKeys})
 * and from {@code keyDirectory/<domain>/<selector>.key}, as {@code mailpolicy dkim keygen} writes them.
 *
 * <pre>{@code
 * <mailet match="SMTPAuthSuccessful" class="org.mailpolicy.james.mailets.DkimSign">
 *   <keyDirectory>/opt/james/conf/dkim</keyDirectory>   <!-- optional with keys in mailpolicy.properties -->
 *   <defaultDomain>example.com</defaultDomain>          <!-- optional -->
 * </mailet>
 * }</pre>
 */
public class DkimSign extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSign.class);

    private final DkimSigningKeys configuredKeys;
    private Map<String, DkimSigner> signers;
    private Optional<String> defaultDomain;

    /** {@code configuredKeys}: the keys of {@code mailpolicy.properties}, possibly none. */
    @Inject
    public DkimSign(DkimSigningKeys configuredKeys) {
        this.configuredKeys = configuredKeys;
    }

    @Override
    public void init() throws MessagingException {
        DkimSigningKeys keys;
        try {
            keys = configuredKeys.andDirectory(getInitParameter("keyDirectory", ""));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("DkimSign: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new MessagingException("DkimSign has no keys: give it a <keyDirectory> holding <domain>/<selector>.key files, or set "
                    + "dkim.sign.keyFile.<selector>._domainkey.<domain> in " + MailPolicyConfiguration.FILE);
        }
        signers = keys.signers();
        String fallback = getInitParameter("defaultDomain", "").trim().toLowerCase(Locale.ROOT);
        if (!fallback.isEmpty() && !signers.containsKey(fallback)) {
            throw new MessagingException("DkimSign: <defaultDomain>" + fallback + "</defaultDomain> has no keys; signing domains with keys: "
                    + String.join(", ", keys.domains()));
        }
        defaultDomain = fallback.isEmpty() ? Optional.empty() : Optional.of(fallback);
    }
    @Override
    public String getMailetInfo() {
        return "MailPolicy DKIM signing (RFC 6376, RFC 8463)";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> domain = fromDomain(mail).filter(signers::containsKey).or(() -> defaultDomain);
        if (domain.isEmpty()) {
            LOGGER.info("DKIM mail={}: not signed, no key for its From domain and no defaultDomain", mail.getName());
            return;
        }
        List<String> signatures = signers.get(domain.get()).sign(MessageBytes.of(mail));
        // RFC 6376 §5.6: the DKIM-Signature fields go on top of the header, before other trace fields.
        TopHeaders.prepend(mail, signatures, line -> false);
    }

    /** RFC 5322 §3.6.2: the domain of the first From address. */
    private static Optional<String> fromDomain(Mail mail) throws MessagingException {
        String[] fields = mail.getMessage().getHeader("From");
        if (fields == null || fields.length == 0) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(fields[0], false);
            if (addresses.length == 0 || addresses[0].getAddress() == null) {
                return Optional.empty();
            }
            String address = addresses[0].getAddress();
            int at = address.lastIndexOf('@');
            return at < 0 ? Optional.empty() : Optional.of(address.substring(at + 1).toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
