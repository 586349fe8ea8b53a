package org.mailpolicy.dmarc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.message.RawMessage;
import org.mailpolicy.spf.SpfResult;

/**
 * What one DMARC evaluation reads: the message (for its RFC5322.From), the SPF and DKIM verdicts
 * already computed, and what local overrides look at (client address, envelope sender, ARC).
 */
public final class DmarcInput {

    private final RawMessage message;
    private final SpfResult spf;
    private final List<String> dkimPassDomains;
    private final InetAddress clientAddress;
    private final String mailFrom;
    private final ArcChainInput arc;

    private DmarcInput(Builder b) {
        this.message = b.message;
        this.spf = b.spf;
        this.dkimPassDomains = List.copyOf(b.dkimPassDomains);
        this.clientAddress = b.clientAddress;
        this.mailFrom = b.mailFrom;
        this.arc = b.arc;
    }

    public static Builder builder(byte[] message) {
        return new Builder(RawMessage.parse(message));
    }

    public static Builder builder(RawMessage message) {
        return new Builder(Objects.requireNonNull(message, "message"));
    }

    public RawMessage message() {
        return message;
    }

    /** The SPF verdict on the MAIL FROM identity, or on HELO for the null sender; empty when SPF was not checked. */
    public Optional<SpfResult> spf() {
        return Optional.ofNullable(spf);
    }

    /** The {@code d=} of every DKIM signature that passed, as written. */
    public List<String> dkimPassDomains() {
        return dkimPassDomains;
    }

    public Optional<InetAddress> clientAddress() {
        return Optional.ofNullable(clientAddress);
    }

    /** The RFC5321.MailFrom address; empty for the null sender or when unknown. */
    public Optional<String> mailFrom() {
        return Optional.ofNullable(mailFrom);
    }

    public ArcChainInput arc() {
        return arc;
    }

    public static final class Builder {
        private final RawMessage message;
        private SpfResult spf;
        private final List<String> dkimPassDomains = new ArrayList<>();
        private InetAddress clientAddress;
        private String mailFrom;
        private ArcChainInput arc = ArcChainInput.none();

        private Builder(RawMessage message) {
            this.message = message;
        }

        public Builder spf(SpfResult spf) {
            this.spf = spf;
            return this;
        }

        /** RFC 9989 §4.4.1: every signature that passed offers its {@code d=} for alignment. */
        public Builder dkim(DkimVerification verification) {
            for (DkimSignatureResult pass : verification.passes()) {
                pass.domain().ifPresent(dkimPassDomains::add);
            }
            return this;
        }

        /** A DKIM signature with {@code d=domain} verified; for callers that hold only the verdicts (a Mail attribute). */
        public Builder dkimPass(String domain) {
            dkimPassDomains.add(Objects.requireNonNull(domain, "domain"));
            return this;
        }

        public Builder clientAddress(InetAddress clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        /** The envelope sender; {@code null} or empty for the null sender. */
        public Builder mailFrom(String mailFrom) {
            this.mailFrom = mailFrom == null || mailFrom.isEmpty() || mailFrom.equals("<>") ? null : mailFrom;
            return this;
        }

        public Builder arc(ArcChainInput arc) {
            this.arc = Objects.requireNonNull(arc, "arc");
            return this;
        }

        public DmarcInput build() {
            return new DmarcInput(this);
        }
    }
}
