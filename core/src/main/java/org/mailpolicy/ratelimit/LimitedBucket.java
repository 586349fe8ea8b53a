package org.mailpolicy.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A bucket and how many attempts it refused while its state lived. */
public final class LimitedBucket {

    private final String bucket;
    private final long limitedCount;

    public LimitedBucket(String bucket, long limitedCount) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.limitedCount = limitedCount;
    }

    public String bucket() {
        return bucket;
    }

    /** The rule's name: the bucket id up to its first {@code |} (rule names never hold one). */
    public String rule() {
        return bucket.substring(0, Math.max(bucket.indexOf('|'), 0));
    }

    /** The key the rule counts under: the bucket id after its first {@code |}. */
    public String key() {
        return bucket.substring(bucket.indexOf('|') + 1);
    }

    public long limitedCount() {
        return limitedCount;
    }

    /** {@code rule}, {@code key}, {@code limitedCount} as JSON-friendly values. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rule", rule());
        fields.put("key", key());
        fields.put("limitedCount", limitedCount);
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LimitedBucket && bucket.equals(((LimitedBucket) o).bucket)
                && limitedCount == ((LimitedBucket) o).limitedCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, limitedCount);
    }

    @Override
    public String toString() {
        return bucket + "=" + limitedCount;
    }
}
