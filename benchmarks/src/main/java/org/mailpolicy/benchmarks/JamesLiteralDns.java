package org.mailpolicy.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;

/**
 * James's DNS service for the stock SPF mailet's ignored-networks check, which reads the client
 * address through it: IP literals only, no lookups (the SPF records come from {@link JspfInMemoryDns}).
 */
final class JamesLiteralDns implements DNSService {

    @Override
    public Collection<String> findMXRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return List.of(getByName(host));
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new UnknownHostException(host + ": only IP literals in the benchmark");
        }
        return InetAddress.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return addr.getHostAddress();
    }
}
