package org.mailpolicy.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bucket's id, {@code rule|key}, held as two strings: the text up to and including the key's
 * last {@code =} (the head: for the usual one-part key a constant of the rule, such as
 * {@code submission|user=}), and the last part's value, often the very string the request
 * carried. A decision thus finds its bucket without building or hashing a new string: the hash
 * combines the two strings' cached hashes. Values are escaped in keys ({@code %3d} for {@code =}),
 * so the split at the last {@code =} is the same whether the id was built from a request or
 * parsed from text, and two ids are equal exactly when their texts are. A store may extend it, so
 * that the bucket it keeps is its own map key and a lookup reads one object fewer, and may note on
 * an id the bucket it found for it, so that the next decision on an id a rule keeps skips the map.
 */
class BucketId {

    private static final VarHandle FOUND;

    static {
        try {
            FOUND = MethodHandles.lookup().findVarHandle(BucketId.class, "found", BucketId.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String head;
    private final String value;
    private final int hash;
    /** The whole text, built the first time it is asked for; a race builds it twice, equal. */
    private String text;
    private BucketId found;

    BucketId(String head, String value) {
        this.head = head;
        this.value = value;
        this.hash = 31 * head.hashCode() + value.hashCode();
    }

    /** The same id, for a store's bucket that is its own key. */
    BucketId(BucketId id) {
        this.head = id.head;
        this.value = id.value;
        this.hash = id.hash;
        this.text = id.text;
    }

    /** The id of a bucket written {@code rule|key}, as stores and administrators name it. */
    static BucketId parse(String bucket) {
        int split = bucket.lastIndexOf('=') + 1;
        BucketId id = new BucketId(bucket.substring(0, split), bucket.substring(split));
        id.text = bucket;
        return id;
    }

    /** What a store last found under this id (its own bucket, which extends this class); null before. */
    BucketId found() {
        return (BucketId) FOUND.getAcquire(this);
    }

    /**
     * Notes what a store found under this id. A release store, not a volatile one: most ids are
     * built for one decision and never asked again, so the note must cost no fence.
     */
    void found(BucketId bucket) {
        FOUND.setRelease(this, bucket);
    }

    /** The last key part's value, as the key holds it. */
    String value() {
        return value;
    }

    /** The key, {@code rule|key} without its rule. */
    String key() {
        String all = toString();
        return all.substring(all.indexOf('|') + 1);
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BucketId)) {
            return false;
        }
        BucketId other = (BucketId) o;
        return hash == other.hash && value.equals(other.value) && head.equals(other.head);
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    /** {@code rule|key}, for example {@code submission|user=alice@example.com}. */
    @Override
    public final String toString() {
        String t = text;
        if (t == null) {
            t = head + value;
            text = t;
        }
        return t;
    }
}
