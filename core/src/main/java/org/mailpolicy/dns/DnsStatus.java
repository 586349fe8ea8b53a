package org.mailpolicy.dns;

/** How a DNS query ended. NXDOMAIN and NODATA stay distinct: DMARC's np= and SPF's void lookups need them. */
public enum DnsStatus {
    /** At least one record of the asked type. */
    SUCCESS,
    /** RCODE 3: the name does not exist. */
    NXDOMAIN,
    /** RCODE 0 with no record of the asked type. */
    NODATA,
    /** SERVFAIL, REFUSED, any other RCODE, a timeout, or a network error: try again later. */
    TEMPFAIL;

    public boolean isTemporary() {
        return this == TEMPFAIL;
    }
}
