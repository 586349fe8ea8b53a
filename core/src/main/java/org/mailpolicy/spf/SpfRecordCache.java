package org.mailpolicy.spf;

import org.mailpolicy.cache.ParseCache;

/** Parsed SPF records by their text; a record that does not parse is kept as its exception. */
final class SpfRecordCache {

    private static final ParseCache<Object> PARSED = new ParseCache<>(4096, SpfRecordCache::parseOrError);

    private SpfRecordCache() {
    }

    static SpfRecord parse(String text) throws SpfSyntaxException {
        Object cached = PARSED.get(text);
        if (cached instanceof SpfSyntaxException) {
            throw (SpfSyntaxException) cached;
        }
        return (SpfRecord) cached;
    }

    private static Object parseOrError(String text) {
        try {
            return SpfRecordParser.parse(text);
        } catch (SpfSyntaxException e) {
            return e;
        }
    }
}
