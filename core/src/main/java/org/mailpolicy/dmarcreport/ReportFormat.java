package org.mailpolicy.dmarcreport;

/** The two aggregate report formats in use. */
public enum ReportFormat {
    /** RFC 9990: namespace {@code urn:ietf:params:xml:ns:dmarc-2.0}, np/testing/discovery_method. */
    RFC9990,
    /** RFC 7489 Appendix C: no namespace, {@code version} element, pct/sp/fo required. */
    RFC7489;

    /** RFC 9990 §3.1.1: the XML namespace of the report. */
    public static final String RFC9990_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
}
