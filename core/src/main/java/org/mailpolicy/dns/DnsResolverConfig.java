package org.mailpolicy.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.mailpolicy.net.IpLiteral;

/** Settings of a {@link DnsjavaResolver}. Immutable; build with {@link #builder()}. */
public final class DnsResolverConfig {

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int maxCacheEntries;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final Duration defaultNegativeTtl;
    private final LongSupplier nanoClock;

    private DnsResolverConfig(Builder builder) {
        this.servers = List.copyOf(builder.servers);
        this.timeout = builder.timeout;
        this.maxCacheEntries = builder.maxCacheEntries;
        this.maxTtl = builder.maxTtl;
        this.maxNegativeTtl = builder.maxNegativeTtl;
        this.defaultNegativeTtl = builder.defaultNegativeTtl;
        this.nanoClock = builder.nanoClock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [ipv6]:port} or a bare IPv6 address,
     * comma-separated; hosts are IP addresses. Blank means the system's servers.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static List<InetSocketAddress> parseServers(String commaSeparated) {
        List<InetSocketAddress> servers = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return servers;
        }
        for (String raw : commaSeparated.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry;
            int port = 53;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw badServer(entry);
                }
                host = entry.substring(1, close);
                String rest = entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw badServer(entry);
                    }
                    port = port(rest.substring(1), entry);
                }
            } else if (entry.indexOf(':') == entry.lastIndexOf(':') && entry.indexOf(':') >= 0) {
                host = entry.substring(0, entry.indexOf(':'));
                port = port(entry.substring(entry.indexOf(':') + 1), entry);
            }
            String hostName = host;
            servers.add(new InetSocketAddress(IpLiteral.parse(hostName).orElseThrow(() -> badServer(entry)), port));
        }
        return servers;
    }

    private static int port(String text, String entry) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw badServer(entry);
            }
            return port;
        } catch (NumberFormatException e) {
            throw badServer(entry);
        }
    }

    private static IllegalArgumentException badServer(String entry) {
        return new IllegalArgumentException("'" + entry + "' is not a DNS server; expected an IP address with an "
                + "optional port: 192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:5353");
    }

    /** The servers asked in order; empty means the system's ({@code /etc/resolv.conf} or {@code -Ddns.server}). */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxCacheEntries() {
        return maxCacheEntries;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    public Duration maxNegativeTtl() {
        return maxNegativeTtl;
    }

    public Duration defaultNegativeTtl() {
        return defaultNegativeTtl;
    }

    LongSupplier nanoClock() {
        return nanoClock;
    }

    public static final class Builder {
        private List<InetSocketAddress> servers = List.of();
        private Duration timeout = Duration.ofSeconds(2);
        private int maxCacheEntries = 10_000;
        private Duration maxTtl = Duration.ofHours(1);
        private Duration maxNegativeTtl = Duration.ofMinutes(5);
        private Duration defaultNegativeTtl = Duration.ofSeconds(60);
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        public Builder servers(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        /** Timeout of one query to one server, before the next server is asked. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("DNS timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder maxCacheEntries(int maxCacheEntries) {
            if (maxCacheEntries < 0) {
                throw new IllegalArgumentException("DNS cache size must not be negative: " + maxCacheEntries);
            }
            this.maxCacheEntries = maxCacheEntries;
            return this;
        }

        public Builder maxTtl(Duration maxTtl) {
            this.maxTtl = Objects.requireNonNull(maxTtl);
            return this;
        }

        /** RFC 2308 §5: negative answers live as long as the SOA says, capped here. */
        public Builder maxNegativeTtl(Duration maxNegativeTtl) {
            this.maxNegativeTtl = Objects.requireNonNull(maxNegativeTtl);
            return this;
        }

        public Builder defaultNegativeTtl(Duration defaultNegativeTtl) {
            this.defaultNegativeTtl = Objects.requireNonNull(defaultNegativeTtl);
            return this;
        }

        /** For tests: the source of {@link System#nanoTime()} the cache reads. */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        public DnsResolverConfig build() {
            return new DnsResolverConfig(this);
        }
    }
}
