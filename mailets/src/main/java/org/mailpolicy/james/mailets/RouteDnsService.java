package org.mailpolicy.james.mailets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;

/**
 * James's DNSService as one route's RemoteDelivery sees it. RemoteDelivery looks up the MX hosts
 * of the recipient's domain, or the addresses of its gateways; this view lets it do the same
 * work for two route kinds it does not know, on every delivery attempt (so MX changes and
 * temporary DNS failures follow RemoteDelivery's own retry schedule):
 * <ul>
 * <li>{@code mx:DOMAIN}: the MX hosts of any recipient domain are those of DOMAIN (Postfix {@code smtp:DOMAIN});</li>
 * <li>a relay written {@code host:port} without brackets: the addresses of {@code host} are those
 * of its MX hosts, in MX order (Postfix relayhost without brackets).</li>
 * </ul>
 * Every other question goes to James's DNSService unchanged.
 */
final class RouteDnsService implements DNSService {

    private final DNSService dns;
    private final Optional<String> mxDomain;
    private final Set<String> mxRelays;

    RouteDnsService(DNSService dns, Optional<String> mxDomain, Set<String> mxRelays) {
        this.dns = dns;
        this.mxDomain = mxDomain;
        this.mxRelays = Set.copyOf(mxRelays);
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        return dns.findMXRecords(mxDomain.orElse(hostname));
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        if (!mxRelays.contains(host)) {
            return dns.getAllByName(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (String mx : dns.findMXRecords(host)) {
                addresses.addAll(dns.getAllByName(mx));
            }
        } catch (TemporaryResolutionException e) {
            throw new UnknownHostException("temporary failure looking up the MX hosts of relay " + host + ": " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address for the MX hosts of relay " + host);
        }
        return addresses;
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return mxRelays.contains(host) ? getAllByName(host).iterator().next() : dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
