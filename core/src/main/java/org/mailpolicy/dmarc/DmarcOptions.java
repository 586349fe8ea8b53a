package org.mailpolicy.dmarc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.mailpolicy.net.Cidr;

/** How the admin wants DMARC evaluated: the mode, the Public Suffix List, and the local overrides. */
public final class DmarcOptions {

    private final DmarcMode mode;
    private final PublicSuffixList publicSuffixList;
    private final List<Cidr> trustedForwarders;
    private final Set<String> trustedArcSealers;
    private final Set<String> mailingLists;
    private final Set<String> allowedFromDomains;
    private final Set<String> allowedSenders;
    private final IntSupplier sampler;

    private DmarcOptions(Builder b) {
        this.mode = b.mode;
        this.publicSuffixList = b.publicSuffixList;
        this.trustedForwarders = List.copyOf(b.trustedForwarders);
        this.trustedArcSealers = Set.copyOf(b.trustedArcSealers);
        this.mailingLists = Set.copyOf(b.mailingLists);
        this.allowedFromDomains = Set.copyOf(b.allowedFromDomains);
        this.allowedSenders = Set.copyOf(b.allowedSenders);
        this.sampler = b.sampler;
    }

    public static DmarcOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public DmarcMode mode() {
        return mode;
    }

    /** The list RFC 7489 mode uses; {@code null} until asked for in RFC 9989 mode, which never needs it. */
    PublicSuffixList publicSuffixList() {
        return publicSuffixList;
    }

    List<Cidr> trustedForwarders() {
        return trustedForwarders;
    }

    Set<String> trustedArcSealers() {
        return trustedArcSealers;
    }

    Set<String> mailingLists() {
        return mailingLists;
    }

    Set<String> allowedFromDomains() {
        return allowedFromDomains;
    }

    Set<String> allowedSenders() {
        return allowedSenders;
    }

    /** A number from 0 to 99 per message; the message is in the {@code pct=} sample when it is below pct. */
    IntSupplier sampler() {
        return sampler;
    }

    public static final class Builder {
        private DmarcMode mode = DmarcMode.RFC9989;
        private PublicSuffixList publicSuffixList;
        private final List<Cidr> trustedForwarders = new ArrayList<>();
        private final Set<String> trustedArcSealers = new LinkedHashSet<>();
        private final Set<String> mailingLists = new LinkedHashSet<>();
        private final Set<String> allowedFromDomains = new LinkedHashSet<>();
        private final Set<String> allowedSenders = new LinkedHashSet<>();
        private IntSupplier sampler = () -> ThreadLocalRandom.current().nextInt(100);

        private Builder() {
        }

        public Builder mode(DmarcMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The Public Suffix List for RFC 7489 mode; the copy shipped in the jar when not set. */
        public Builder publicSuffixList(PublicSuffixList list) {
            this.publicSuffixList = Objects.requireNonNull(list, "list");
            return this;
        }

        /** A network ({@code 192.0.2.0/24}, {@code 2001:db8::/32} or one address) whose failing mail is not rejected or quarantined. */
        public Builder trustedForwarder(String network) {
            trustedForwarders.add(Cidr.parse(network).orElseThrow(() ->
                    new IllegalArgumentException("not an IP network: '" + network + "' (expected address or address/prefix)")));
            return this;
        }

        /** An ARC sealer ({@code d=} of an ARC-Seal) whose passing chain overrides a DMARC failure (RFC 8617 §7.2). */
        public Builder trustedArcSealer(String domain) {
            trustedArcSealers.add(Domains.normalize(domain));
            return this;
        }

        /**
         * A mailing list domain: failing mail with a List-Id header whose SPF or DKIM passed for this
         * domain (or a subdomain of it) is not rejected or quarantined.
         */
        public Builder mailingList(String domain) {
            mailingLists.add(Domains.normalize(domain));
            return this;
        }

        /** A From domain whose failing mail is not rejected or quarantined. */
        public Builder allowedFromDomain(String domain) {
            allowedFromDomains.add(Domains.normalize(domain));
            return this;
        }

        /** An envelope sender address, or a domain for all its senders, whose failing mail is not rejected or quarantined. */
        public Builder allowedSender(String sender) {
            String s = sender.trim();
            allowedSenders.add(s.indexOf('@') < 0 ? Domains.normalize(s) : s.toLowerCase(Locale.ROOT));
            return this;
        }

        /** Replaces the random {@code pct=} sampling (RFC 7489 §6.6.4), for tests. */
        public Builder sampler(IntSupplier sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        public DmarcOptions build() {
            if (mode == DmarcMode.RFC7489 && publicSuffixList == null) {
                publicSuffixList = PublicSuffixList.bundled();
            }
            return new DmarcOptions(this);
        }
    }
}
