package org.mailpolicy.dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Answers by (name, type) until their TTL runs out, least recently used evicted first when full.
 * TEMPFAIL answers are never stored: a server's bad minute must not outlive it.
 */
final class DnsCache {

    private static final class Cached {
        final DnsAnswer<?> answer;
        final long expiresAtNanos;

        Cached(DnsAnswer<?> answer, long expiresAtNanos) {
            this.answer = answer;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<String, Cached> entries;

    DnsCache(int maxEntries, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > DnsCache.this.maxEntries;
            }
        };
    }

    synchronized DnsAnswer<?> get(String key) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoClock.getAsLong() - entry.expiresAtNanos >= 0) {
            entries.remove(key);
            return null;
        }
        return entry.answer;
    }

    synchronized void put(String key, DnsAnswer<?> answer, long ttlSeconds) {
        if (maxEntries == 0 || answer.status() == DnsStatus.TEMPFAIL || ttlSeconds <= 0) {
            return;
        }
        entries.put(key, new Cached(answer, nanoClock.getAsLong() + ttlSeconds * 1_000_000_000L));
    }

    synchronized int size() {
        return entries.size();
    }
}
