package org.mailpolicy.dmarcreport;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One destination from a DMARC record's {@code rua=} tag: a {@code mailto:} address and, when the
 * domain owner wrote one, the largest report it accepts (RFC 7489 §6.2 {@code !size}). Parse a
 * whole tag with {@link ReportUris#parse}.
 */
public final class ReportUri {

    private final String uri;
    private final String address;
    private final Long maxBytes;

    ReportUri(String uri, String address, Long maxBytes) {
        this.uri = uri;
        this.address = address;
        this.maxBytes = maxBytes;
    }

    /** The URI without its size limit, as written. */
    public String uri() {
        return uri;
    }

    /** The mailbox reports go to, percent-decoded. */
    public String address() {
        return address;
    }

    /** The domain of {@link #address()}, lower case: what external destination verification checks. */
    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** The size limit in bytes, when there is one. */
    public OptionalLong maxBytes() {
        return maxBytes == null ? OptionalLong.empty() : OptionalLong.of(maxBytes);
    }

    /**
     * RFC 7489 §6.2: a report larger than the limit MUST NOT be sent to this URI. The limit applies to
     * the report as sent, so pass the size of the whole message.
     */
    public boolean accepts(long reportBytes) {
        return maxBytes == null || reportBytes <= maxBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportUri && uri.equals(((ReportUri) o).uri)
                && Objects.equals(maxBytes, ((ReportUri) o).maxBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, maxBytes);
    }

    @Override
    public String toString() {
        return maxBytes == null ? uri : uri + "!" + maxBytes;
    }
}
