package org.mailpolicy.ratelimit;

import java.util.List;
import java.util.Optional;

/**
 * Where GCRA state lives: one bucket per rule and key, holding one TAT per window and dimension
 * (see {@link Gcra} for the arithmetic an implementation must reproduce exactly).
 *
 * <p>{@link #apply} is the whole decision for a bucket in one call, so that a remote store does
 * it in one round trip (a Redis Lua script) and with one clock: the store's own, never the
 * caller's, so that nodes with skewed clocks share one limit. A bucket's state may be dropped
 * once every TAT is in the past; it is then indistinguishable from a fresh bucket.
 */
public interface RateLimitStore {

    /**
     * Applies the update atomically with respect to every other call on the same bucket.
     *
     * @throws RateLimitStoreException when the store cannot answer in time
     */
    GcraOutcome apply(GcraUpdate update);

    /**
     * Applies an update of one cell as {@link #apply} does, and answers only what a decision of
     * one counter keeps: how far the cell's TAT is then ahead of the store's clock, in µs, as is
     * when the update was charged and as {@code -1 - ahead} when it was refused. A store may
     * answer it without building an outcome.
     *
     * @throws RateLimitStoreException when the store cannot answer in time
     */
    default long applyOne(GcraUpdate update) {
        return apply(update).answerOfOne(update.cells(), update.mode());
    }

    /** The bucket's live state, empty when it holds none. */
    Optional<StoredBucket> read(String bucket);

    /** Forgets a bucket, giving it its full budget back; true when it held state. */
    boolean reset(String bucket);

    /** The live buckets that refused most, most first, at most {@code limit} of them. */
    List<LimitedBucket> mostLimited(int limit);
}
