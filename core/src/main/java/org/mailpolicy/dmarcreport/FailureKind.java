package org.mailpolicy.dmarcreport;

/**
 * Which failure a failure report is about, as the DMARC record's {@code fo=} asks for it (RFC 9989 §4.7):
 * the DMARC evaluation (RFC 9991 §4, {@code Auth-Failure: dmarc}), one DKIM signature (RFC 6591 §3.2
 * {@code bodyhash}, {@code signature} or {@code revoked}) or SPF ({@code Auth-Failure: spf}).
 */
public enum FailureKind {
    DMARC, DKIM, SPF
}
