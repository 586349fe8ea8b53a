package org.mailpolicy.spf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed records by their text. Busy senders' records repeat on every message, and a parsed
 * record is immutable, so parsing once is safe; the cache is bounded by clearing it when full.
 */
final class SpfRecordCache {

    private static final int MAX_ENTRIES = 4096;
    private static final Map<String, Object> PARSED = new ConcurrentHashMap<>();

    private SpfRecordCache() {
    }

    static SpfRecord parse(String text) throws SpfSyntaxException {
        Object cached = PARSED.get(text);
        if (cached == null) {
            try {
                cached = SpfRecordParser.parse(text);
            } catch (SpfSyntaxException e) {
                cached = e;
            }
            if (PARSED.size() >= MAX_ENTRIES) {
                PARSED.clear();
            }
            PARSED.put(text, cached);
        }
        if (cached instanceof SpfSyntaxException) {
            throw (SpfSyntaxException) cached;
        }
        return (SpfRecord) cached;
    }
}
