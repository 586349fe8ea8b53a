package org.mailpolicy.spf;

/** One RFC 7208 §4.6.1 directive: a qualifier and a mechanism with its arguments. Immutable. */
final class Directive {

    final SpfResultCode qualifier;
    final Mechanism mechanism;
    /** The target of include, a, mx, ptr, exists; null where the current domain is meant. */
    final MacroString domainSpec;
    /** ip4/ip6 network address bytes. */
    final byte[] network;
    final int cidr4;
    final int cidr6;
    /** The term as written in the record, reported as the matching mechanism. */
    final String text;

    Directive(SpfResultCode qualifier, Mechanism mechanism, MacroString domainSpec, byte[] network,
              int cidr4, int cidr6, String text) {
        this.qualifier = qualifier;
        this.mechanism = mechanism;
        this.domainSpec = domainSpec;
        this.network = network;
        this.cidr4 = cidr4;
        this.cidr6 = cidr6;
        this.text = text;
    }
}
