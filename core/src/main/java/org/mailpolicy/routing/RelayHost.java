package org.mailpolicy.routing;

import java.util.Objects;

/**
 * One hop of a relay list. As in Postfix, {@code [host]:port} connects to the host's own
 * addresses (no MX lookup) and {@code host:port} to the MX hosts of {@code host}.
 */
public final class RelayHost {

    static final int SMTP_PORT = 25;

    private final String host;
    private final int port;
    private final boolean mxLookup;

    RelayHost(String host, int port, boolean mxLookup) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.mxLookup = mxLookup;
    }

    /** The host name as an A-label in lower case, or an IP address literal (without brackets). */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** True for {@code host:port} (connect to the MX hosts of {@code host}); false for {@code [host]:port}. */
    public boolean mxLookup() {
        return mxLookup;
    }

    /** The hop as written in the table, in its canonical form. */
    @Override
    public String toString() {
        String name = mxLookup ? host : "[" + host + "]";
        return port == SMTP_PORT && mxLookup ? name : name + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RelayHost)) {
            return false;
        }
        RelayHost other = (RelayHost) o;
        return host.equals(other.host) && port == other.port && mxLookup == other.mxLookup;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, mxLookup);
    }
}
