package org.mailpolicy.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The refusals of one live bucket in memory, counted exactly by many threads at once.
 *
 * <p>A key being hammered is refused by every SMTP thread at once, many times per millisecond,
 * and a refusal writes nothing else: a locked increment of one shared counter would then be the
 * dearest part of a refusal, its cache line moving between cores on every count. So the count
 * starts as one compare-and-set counter, and the first time two threads collide on it, each
 * thread gets a slot of its own that it alone writes with plain stores, on a cache line of its
 * own; readers add the slots up. Only a bucket threads actually contend on pays for the slots.
 */
final class RefusalTally {

    /** Slots per contended bucket; threads beyond them share one locked counter. */
    private static final int SLOTS = 32;
    /** Longs between two slots' counts: 128 bytes, so no two slots share a cache line or its prefetched neighbour. */
    private static final int SPACING = 16;

    private static final VarHandle BASE;
    private static final VarHandle SLOTTED;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BASE = lookup.findVarHandle(RefusalTally.class, "base", long.class);
            SLOTTED = lookup.findVarHandle(RefusalTally.class, "slots", Slots.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long base;
    private volatile Slots slots;

    void increment() {
        Slots own = slots;
        if (own == null) {
            long seen = base;
            if (BASE.compareAndSet(this, seen, seen + 1)) {
                return;
            }
            own = inflate();
        }
        own.increment(Thread.currentThread());
    }

    long sum() {
        Slots own = slots;
        return own == null ? base : base + own.sum();
    }

    /** The slots, made by the first thread to find the counter contended. */
    private Slots inflate() {
        Slots own = slots;
        if (own == null) {
            Slots fresh = new Slots();
            own = SLOTTED.compareAndSet(this, null, fresh) ? fresh : slots;
        }
        return own;
    }

    /** Slots claimed by one thread each, then written by that thread alone. */
    private static final class Slots {
        private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(SLOTS);
        private final long[] counts = new long[SLOTS * SPACING];
        private final AtomicLong unowned = new AtomicLong();

        void increment(Thread thread) {
            int first = (int) thread.getId() & (SLOTS - 1);
            for (int probe = 0; probe < SLOTS; probe++) {
                int slot = (first + probe) & (SLOTS - 1);
                Thread owner = owners.getPlain(slot);
                if (owner == thread || owner == null && owners.compareAndSet(slot, null, thread)) {
                    int at = slot * SPACING;
                    // Only the owner writes its slot; opaque so readers see whole values.
                    COUNT.setOpaque(counts, at, (long) COUNT.getOpaque(counts, at) + 1);
                    return;
                }
            }
            unowned.incrementAndGet();
        }

        long sum() {
            long sum = unowned.get();
            for (int slot = 0; slot < SLOTS; slot++) {
                sum += (long) COUNT.getOpaque(counts, slot * SPACING);
            }
            return sum;
        }
    }
}
