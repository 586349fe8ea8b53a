package org.mailpolicy.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The resolver MailPolicy uses in production: dnsjava, fully asynchronous, servers asked in
 * order with fail-over, TCP when a UDP answer is truncated (dnsjava's {@link SimpleResolver}
 * retries over TCP by itself), a TTL cache with RFC 2308 negative caching, and one network
 * query for concurrent identical lookups. Futures never complete exceptionally.
 *
 * <p>A name dnsjava cannot even write into a query answers TEMPFAIL with the reason "invalid
 * name": no server said it does not exist, and the engines validate names before asking.
 */
public final class DnsjavaResolver implements Resolver {

    static final int EDNS_UDP_PAYLOAD = 1232;

    private final DnsResolverConfig config;
    private final List<SimpleResolver> servers;
    private final DnsCache cache;
    private final Map<String, CompletableFuture<DnsAnswer<?>>> inFlight = new ConcurrentHashMap<>();

    public DnsjavaResolver(DnsResolverConfig config) {
        this.config = config;
        List<InetSocketAddress> addresses = config.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers()
                : config.servers();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no DNS server configured and none found in the system's configuration");
        }
        this.servers = addresses.stream().map(address -> {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(config.timeout());
            // RFC 6891 EDNS with the DNS Flag Day 2020 size: servers then answer large TXT sets (SPF,
            // DKIM keys) over UDP instead of truncating at 512 bytes and forcing a TCP retry
            resolver.setEDNS(0, EDNS_UDP_PAYLOAD, 0, List.of());
            return resolver;
        }).collect(java.util.stream.Collectors.toUnmodifiableList());
        this.cache = new DnsCache(config.maxCacheEntries(), config.nanoClock());
    }

    /** The servers asked, in order. */
    public List<InetSocketAddress> servers() {
        return servers.stream().map(SimpleResolver::getAddress).collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    @Override
    public CompletableFuture<DnsAnswer<String>> txt(String name) {
        return lookup(name, Type.TXT);
    }

    @Override
    public CompletableFuture<DnsAnswer<InetAddress>> a(String name) {
        return lookup(name, Type.A);
    }

    @Override
    public CompletableFuture<DnsAnswer<InetAddress>> aaaa(String name) {
        return lookup(name, Type.AAAA);
    }

    @Override
    public CompletableFuture<DnsAnswer<MxRecord>> mx(String name) {
        return lookup(name, Type.MX);
    }

    @Override
    public CompletableFuture<DnsAnswer<String>> ptr(String name) {
        return lookup(name, Type.PTR);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<DnsAnswer<T>> lookup(String name, int type) {
        Name question;
        try {
            question = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(DnsAnswer.tempfail("invalid name '" + name + "': " + e.getMessage()));
        }
        String key = question.toString().toLowerCase(Locale.ROOT) + "/" + type;
        DnsAnswer<?> cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture((DnsAnswer<T>) cached);
        }
        CompletableFuture<DnsAnswer<?>> created = new CompletableFuture<>();
        CompletableFuture<DnsAnswer<?>> running = inFlight.putIfAbsent(key, created);
        if (running == null) {
            ask(question, type, 0).whenComplete((converted, error) -> {
                inFlight.remove(key, created);
                if (error != null) {
                    created.complete(DnsAnswer.tempfail("DNS query failed: " + error));
                    return;
                }
                cache.put(key, converted.answer, Math.min(converted.ttlSeconds, config.maxTtl().toSeconds()));
                created.complete(converted.answer);
            });
            running = created;
        }
        // a dependent stage per caller, so no caller can complete the shared future
        return running.thenApply(answer -> (DnsAnswer<T>) answer);
    }

    /** Asks server {@code index}; a timeout, a network error, SERVFAIL or REFUSED moves on to the next. */
    private CompletableFuture<AnswerConverter.Converted> ask(Name question, int type, int index) {
        SimpleResolver server = servers.get(index);
        Message query = Message.newQuery(Record.newRecord(question, type, DClass.IN));
        long negativeDefault = config.defaultNegativeTtl().toSeconds();
        long negativeCap = config.maxNegativeTtl().toSeconds();
        Duration wait = config.timeout().plusMillis(250);
        return server.sendAsync(query).toCompletableFuture()
                .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        return new AnswerConverter.Converted(DnsAnswer.tempfail(describe(error, server, question, type)), 0);
                    }
                    AnswerConverter.Converted converted = AnswerConverter.convert(response, question, type, negativeDefault);
                    DnsStatus status = converted.answer.status();
                    long ttl = status == DnsStatus.SUCCESS ? converted.ttlSeconds : Math.min(converted.ttlSeconds, negativeCap);
                    return new AnswerConverter.Converted(converted.answer, ttl);
                })
                .thenCompose(converted -> {
                    if (converted.answer.status() == DnsStatus.TEMPFAIL && index + 1 < servers.size()) {
                        return ask(question, type, index + 1);
                    }
                    return CompletableFuture.completedFuture(converted);
                });
    }

    private String describe(Throwable error, SimpleResolver server, Name question, int type) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String what = cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
                ? "timeout after " + config.timeout().toMillis() + " ms"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        InetSocketAddress address = server.getAddress();
        return what + " from " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " for " + question.toString(true) + "/" + Type.string(type);
    }
}
