package org.mailpolicy.dns;

import java.util.List;
import java.util.Objects;

/** The immutable outcome of one DNS query: a status, the records found, and for failures a reason. */
public final class DnsAnswer<T> {

    private final DnsStatus status;
    private final List<T> records;
    private final String reason;

    private DnsAnswer(DnsStatus status, List<T> records, String reason) {
        this.status = Objects.requireNonNull(status);
        this.records = List.copyOf(records);
        this.reason = reason;
    }

    public static <T> DnsAnswer<T> success(List<T> records) {
        if (records.isEmpty()) {
            return nodata();
        }
        return new DnsAnswer<>(DnsStatus.SUCCESS, records, null);
    }

    public static <T> DnsAnswer<T> nxdomain() {
        return new DnsAnswer<>(DnsStatus.NXDOMAIN, List.of(), null);
    }

    public static <T> DnsAnswer<T> nodata() {
        return new DnsAnswer<>(DnsStatus.NODATA, List.of(), null);
    }

    public static <T> DnsAnswer<T> tempfail(String reason) {
        return new DnsAnswer<>(DnsStatus.TEMPFAIL, List.of(), reason);
    }

    public DnsStatus status() {
        return status;
    }

    public List<T> records() {
        return records;
    }

    /** Why the query failed, for logs and result reasons; {@code null} unless {@link DnsStatus#TEMPFAIL}. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsAnswer)) {
            return false;
        }
        DnsAnswer<?> that = (DnsAnswer<?>) o;
        return status == that.status && records.equals(that.records) && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, records, reason);
    }

    @Override
    public String toString() {
        return status == DnsStatus.SUCCESS ? records.toString() : status + (reason == null ? "" : " (" + reason + ")");
    }
}
