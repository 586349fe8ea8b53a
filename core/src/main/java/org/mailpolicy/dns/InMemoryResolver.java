package org.mailpolicy.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resolver over records held in memory, for tests, benchmarks and conformance suites.
 * A name that holds any record exists (other types answer NODATA); any other name is NXDOMAIN.
 * CNAMEs are followed as a recursive resolver would, and a loop answers TEMPFAIL (SERVFAIL).
 * Names can be marked to answer TEMPFAIL, as a SERVFAIL or a timeout would.
 * Build it with {@link #builder()}; once built it is immutable and thread-safe.
 */
public final class InMemoryResolver implements Resolver {

    enum Type { TXT, A, AAAA, MX, PTR, CNAME }

    /** RFC 1034 §3.6.2: follow chains, but not forever. */
    private static final int MAX_CNAME_CHAIN = 8;

    private final Map<String, Map<Type, List<Object>>> zone;
    private final Map<String, String> failures;
    private final AtomicInteger queries = new AtomicInteger();

    private InMemoryResolver(Builder builder) {
        Map<String, Map<Type, List<Object>>> copy = new HashMap<>();
        builder.zone.forEach((name, byType) -> {
            Map<Type, List<Object>> types = new HashMap<>();
            byType.forEach((type, records) -> types.put(type, List.copyOf(records)));
            copy.put(name, Map.copyOf(types));
        });
        this.zone = Map.copyOf(copy);
        this.failures = Map.copyOf(builder.failures);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many queries were asked since this resolver was built. */
    public int queryCount() {
        return queries.get();
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
    private <T> CompletableFuture<DnsAnswer<T>> lookup(String name, Type type) {
        queries.incrementAndGet();
        String key = normalize(name);
        for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
            Map<Type, List<Object>> byType = zone.getOrDefault(key, Map.of());
            List<Object> alias = byType.get(Type.CNAME);
            if (alias != null) {
                key = (String) alias.get(0);
                continue;
            }
            List<T> records = (List<T>) byType.getOrDefault(type, List.of());
            String failure = failures.get(key);
            if (failure != null && records.isEmpty()) {
                return CompletableFuture.completedFuture(DnsAnswer.tempfail(failure));
            }
            if (!zone.containsKey(key)) {
                return CompletableFuture.completedFuture(DnsAnswer.nxdomain());
            }
            return CompletableFuture.completedFuture(DnsAnswer.success(records));
        }
        return CompletableFuture.completedFuture(DnsAnswer.tempfail("CNAME chain longer than " + MAX_CNAME_CHAIN + " at " + name));
    }

    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    public static final class Builder {
        private final Map<String, Map<Type, List<Object>>> zone = new HashMap<>();
        private final Map<String, String> failures = new HashMap<>();

        private Builder() {
        }

        private Builder add(String name, Type type, Object record) {
            zone.computeIfAbsent(normalize(name), n -> new HashMap<>())
                    .computeIfAbsent(type, t -> new ArrayList<>())
                    .add(record);
            return this;
        }

        public Builder txt(String name, String text) {
            return add(name, Type.TXT, text);
        }

        public Builder a(String name, InetAddress address) {
            return add(name, Type.A, address);
        }

        public Builder aaaa(String name, InetAddress address) {
            return add(name, Type.AAAA, address);
        }

        /** Adds an A or AAAA record depending on the address family. */
        public Builder address(String name, InetAddress address) {
            return address.getAddress().length == 4 ? a(name, address) : aaaa(name, address);
        }

        public Builder mx(String name, int preference, String exchange) {
            return add(name, Type.MX, new MxRecord(preference, normalize(exchange)));
        }

        /** Makes {@code name} an alias of {@code target}: every query follows it. */
        public Builder cname(String name, String target) {
            List<Object> existing = zone.computeIfAbsent(normalize(name), n -> new HashMap<>())
                    .computeIfAbsent(Type.CNAME, t -> new ArrayList<>());
            existing.clear();
            existing.add(normalize(target));
            return this;
        }

        public Builder ptr(String name, String host) {
            return add(name, Type.PTR, normalize(host));
        }

        /** Makes the name exist with no records (every type answers NODATA). */
        public Builder exists(String name) {
            zone.computeIfAbsent(normalize(name), n -> new HashMap<>());
            return this;
        }

        /**
         * Queries for {@code name} answer TEMPFAIL with this reason (as SERVFAIL or a timeout would),
         * except for record types given for the name, which still answer.
         */
        public Builder tempfail(String name, String reason) {
            failures.put(normalize(name), reason);
            return this;
        }

        public InMemoryResolver build() {
            return new InMemoryResolver(this);
        }
    }
}
