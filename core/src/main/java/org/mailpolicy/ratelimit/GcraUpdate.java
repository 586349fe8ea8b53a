package org.mailpolicy.ratelimit;

import java.util.List;
import java.util.Objects;

/** One atomic update of every counter of one bucket, as {@link RateLimitStore#apply} receives it. */
public final class GcraUpdate {

    /** How the cells are charged. */
    public enum Mode {
        /** Charge every cell if all of them fit; otherwise change nothing. */
        LEAKY,
        /** Charge every cell if all fit; otherwise charge them anyway, capped at one period ahead. */
        STRICT,
        /** Give back a previous charge, unconditionally (a released reservation, a rolled-back rule). */
        REFUND
    }

    private final BucketId bucket;
    private final Mode mode;
    private final List<GcraCell> cells;
    private final String[] fields;

    public GcraUpdate(String bucket, Mode mode, List<GcraCell> cells) {
        this(BucketId.parse(Objects.requireNonNull(bucket, "bucket")), Objects.requireNonNull(mode, "mode"), List.copyOf(cells));
        if (this.cells.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one cell");
        }
    }

    /** The rate limiter's update: {@code cells} is a rule's or built for this update alone, never changed, and not empty. */
    GcraUpdate(BucketId bucket, Mode mode, List<GcraCell> cells) {
        this(bucket, mode, cells, fieldsOf(cells));
    }

    /** An update of a rule's own counters, whose {@code fields} every update of that rule shares. */
    GcraUpdate(BucketId bucket, Mode mode, List<GcraCell> cells, String[] fields) {
        this.bucket = bucket;
        this.mode = mode;
        this.cells = cells;
        this.fields = fields;
    }

    /** The cells' fields, in order. */
    static String[] fieldsOf(List<GcraCell> cells) {
        String[] fields = new String[cells.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = cells.get(i).field();
        }
        return fields;
    }

    /** The bucket's id, for example {@code submission|user=alice@example.com}. */
    public String bucket() {
        return bucket.toString();
    }

    BucketId bucketId() {
        return bucket;
    }

    public Mode mode() {
        return mode;
    }

    public List<GcraCell> cells() {
        return cells;
    }

    /**
     * The cells' fields, in order; the same array for every update of a rule's counters, so that
     * a store may keep it as the fields of the states it builds. Never changed.
     */
    String[] fields() {
        return fields;
    }
}
