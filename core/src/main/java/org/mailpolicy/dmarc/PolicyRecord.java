package org.mailpolicy.dmarc;

/** The DMARC record that applies to an author domain and the domain that published it. */
final class PolicyRecord {

    private final String domain;
    private final DmarcRecord record;

    PolicyRecord(String domain, DmarcRecord record) {
        this.domain = domain;
        this.record = record;
    }

    String domain() {
        return domain;
    }

    DmarcRecord record() {
        return record;
    }
}
