package org.mailpolicy.cache;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed DNS records by their text. A busy sender's SPF record or DKIM key repeats on every message
 * and its parsed form is immutable, so parsing it once is safe. Bounded by clearing when full: a
 * flood of distinct hostile records costs a re-parse, never unbounded memory.
 */
public final class ParseCache<V> {

    private final int maxEntries;
    private final Function<String, V> parser;
    private final Map<String, V> parsed = new ConcurrentHashMap<>();

    /** {@code parser} must not throw and must not return {@code null}: failures are values too. */
    public ParseCache(int maxEntries, Function<String, V> parser) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public V get(String text) {
        V cached = parsed.get(text);
        if (cached == null) {
            cached = Objects.requireNonNull(parser.apply(text), "parser returned null");
            if (parsed.size() >= maxEntries) {
                parsed.clear();
            }
            parsed.put(text, cached);
        }
        return cached;
    }
}
