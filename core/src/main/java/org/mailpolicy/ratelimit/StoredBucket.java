package org.mailpolicy.ratelimit;

import java.util.Map;

/** A bucket's stored state: the store's clock, each field's TAT (µs since the epoch) and how often it refused. */
public final class StoredBucket {

    private final long nowMicros;
    private final Map<String, Long> tats;
    private final long limitedCount;

    public StoredBucket(long nowMicros, Map<String, Long> tats, long limitedCount) {
        this.nowMicros = nowMicros;
        this.tats = Map.copyOf(tats);
        this.limitedCount = limitedCount;
    }

    public long nowMicros() {
        return nowMicros;
    }

    public Map<String, Long> tats() {
        return tats;
    }

    public long limitedCount() {
        return limitedCount;
    }
}
