package org.mailpolicy.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous DNS lookups for the engines. Implementations never complete a future
 * exceptionally for DNS trouble: SERVFAIL, timeouts and refusals come back as a
 * {@link DnsStatus#TEMPFAIL} answer so that each engine can map them to its own
 * {@code temperror}.
 *
 * <p>Names are absolute domain names written without the trailing dot.
 */
public interface Resolver {

    /** TXT records at {@code name}; each record's character-strings joined without separator (RFC 7208 §3.3). */
    CompletableFuture<DnsAnswer<String>> txt(String name);

    CompletableFuture<DnsAnswer<InetAddress>> a(String name);

    CompletableFuture<DnsAnswer<InetAddress>> aaaa(String name);

    CompletableFuture<DnsAnswer<MxRecord>> mx(String name);

    /** PTR records at {@code name} (for example {@code 4.3.2.1.in-addr.arpa}), host names without the trailing dot. */
    CompletableFuture<DnsAnswer<String>> ptr(String name);
}
