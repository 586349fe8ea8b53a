package org.mailpolicy.spf;

/** RFC 7208 §5: the mechanisms. */
enum Mechanism {
    ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS;

    /** RFC 7208 §4.6.4: the terms that query DNS and count against the limit of 10. */
    boolean queriesDns() {
        return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
    }
}
