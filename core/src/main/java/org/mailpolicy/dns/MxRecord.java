package org.mailpolicy.dns;

import java.util.Objects;

/** One MX record: preference and exchange host (without the trailing dot). */
public final class MxRecord {

    private final int preference;
    private final String exchange;

    public MxRecord(int preference, String exchange) {
        this.preference = preference;
        this.exchange = Objects.requireNonNull(exchange);
    }

    public int preference() {
        return preference;
    }

    public String exchange() {
        return exchange;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxRecord && ((MxRecord) o).preference == preference && ((MxRecord) o).exchange.equals(exchange);
    }

    @Override
    public int hashCode() {
        return Objects.hash(preference, exchange);
    }

    @Override
    public String toString() {
        return preference + " " + exchange;
    }
}
