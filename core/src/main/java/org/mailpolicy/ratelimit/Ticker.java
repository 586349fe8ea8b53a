package org.mailpolicy.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()} for rate-limit decisions, read from the system clock per call until
 * calls come in a flood, then from a word that a daemon thread refreshes once per tick.
 *
 * <p>A clock read (clock_gettime through the vDSO, some 30 ns on a VM) costs about as much as the
 * rest of a decision refusing a hammered key, and a hammered key is when decisions must cost
 * least. So, as nginx, HAProxy and rspamd decide on their event loop's cached time, once
 * {@code burst} calls fall within one tick this ticker starts a thread that reads the clock every
 * tick, and calls read that reading, for a stint of {@code stint} ticks; the next burst starts
 * another. A server deciding less often than that runs no thread and reads the clock per call.
 *
 * <p>A ticked time is behind the clock by at most a tick and the thread's scheduling delay, never
 * ahead of it. A GCRA decision made at an earlier time refuses whatever it would refuse on time and
 * its retry-after is longer by as much as the time is behind; only a bucket charged from full
 * starts its window that much early, so it may close that much early.
 */
final class Ticker {

    /** The ticker of every in-memory store of this JVM: a 1 ms tick, stints of a second, 64 calls in a tick make a flood. */
    static final Ticker SHARED = new Ticker(Duration.ofMillis(1), 1_000, 64);

    private static final VarHandle TICKED;
    private static final VarHandle TICKING;
    private static final VarHandle WINDOW;
    private static final VarHandle CALLS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TICKED = lookup.findVarHandle(Ticker.class, "ticked", long.class);
            TICKING = lookup.findVarHandle(Ticker.class, "ticking", boolean.class);
            WINDOW = lookup.findVarHandle(Ticker.class, "window", long.class);
            CALLS = lookup.findVarHandle(Ticker.class, "calls", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long tickNanos;
    private final int stint;
    private final int burst;

    /** The clock as last read by the thread (or by the call that started it); only ever moves forward. */
    private volatile long ticked;
    private volatile boolean ticking;
    // When the current tick-long window of calls began, and the calls in it. Read and written
    // without atomicity on purpose: a count lost to a race only starts the thread a little later,
    // and only calls below a flood touch them.
    private long window;
    private int calls;

    private Thread thread;

    Ticker(Duration tick, int stint, int burst) {
        if (tick.isNegative() || tick.isZero() || stint < 1 || burst < 2) {
            throw new IllegalArgumentException("a positive tick, a stint of at least 1 and a burst of at least 2 expected");
        }
        this.tickNanos = tick.toNanos();
        this.stint = stint;
        this.burst = burst;
        this.ticked = System.nanoTime();
        this.window = ticked;
    }

    long nanoTime() {
        return ticking ? ticked : read();
    }

    /** True while the thread ticks and calls read its word. */
    boolean ticking() {
        return ticking;
    }

    private long read() {
        long now = System.nanoTime();
        if (now - (long) WINDOW.getOpaque(this) >= tickNanos) {
            WINDOW.setOpaque(this, now);
            CALLS.setOpaque(this, 1);
        } else {
            int seen = (int) CALLS.getOpaque(this) + 1;
            CALLS.setOpaque(this, seen);
            if (seen >= burst) {
                start(now);
            }
        }
        return now;
    }

    private void start(long now) {
        // The word is brought up to this call's reading before anyone may read it.
        advance(now);
        if (TICKING.compareAndSet(this, false, true)) {
            wake();
        }
    }

    private synchronized void wake() {
        if (thread == null) {
            thread = new Thread(this::tick, "mailpolicy-ratelimit-ticker");
            thread.setDaemon(true);
            thread.start();
        } else {
            LockSupport.unpark(thread);
        }
    }

    private void tick() {
        while (true) {
            for (int i = 0; i < stint; i++) {
                LockSupport.parkNanos(this, tickNanos);
                advance(System.nanoTime());
            }
            // Calls read the clock again, and the next flood (if this one goes on, its next
            // calls) starts another stint; until then the thread sleeps.
            ticking = false;
            while (!ticking) {
                LockSupport.park(this);
            }
        }
    }

    private void advance(long now) {
        long seen = ticked;
        while (now - seen > 0 && !TICKED.compareAndSet(this, seen, now)) {
            seen = ticked;
        }
    }
}
