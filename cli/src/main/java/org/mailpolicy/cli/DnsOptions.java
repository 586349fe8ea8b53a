package org.mailpolicy.cli;

import java.time.Duration;

import org.mailpolicy.dns.DnsResolverConfig;
import org.mailpolicy.dns.DnsjavaResolver;
import org.mailpolicy.dns.Resolver;

import picocli.CommandLine.Option;

/** The {@code --dns} and {@code --dns-timeout} options every command shares. */
final class DnsOptions {

    @Option(names = "--dns", paramLabel = "HOST:PORT", split = ",",
            description = "DNS server(s) to ask, comma-separated (default: the system's).")
    private String[] servers = new String[0];

    @Option(names = "--dns-timeout", paramLabel = "MILLIS", defaultValue = "2000",
            description = "Timeout of one DNS query in milliseconds (default: ${DEFAULT-VALUE}).")
    private long timeoutMillis;

    Resolver resolver() {
        return new DnsjavaResolver(DnsResolverConfig.builder()
                .servers(DnsResolverConfig.parseServers(String.join(",", servers)))
                .timeout(Duration.ofMillis(timeoutMillis))
                .build());
    }
}
