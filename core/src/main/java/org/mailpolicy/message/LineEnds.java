package org.mailpolicy.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Line ends of a message that may not be in network form. On the wire a line ends with CRLF
 * (RFC 5321 §2.3.8), but messages read from files, pipes or some stores arrive with bare LF; every
 * LF not preceded by CR stands for CRLF, so that signatures made over the wire form verify. A bare
 * CR is content.
 */
public final class LineEnds {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;

    private LineEnds() {
    }

    /**
     * Index of the first bare LF in {@code [from, to)}, or {@code to} when there is none. An LF at
     * {@code from} counts as bare: callers start at a line start, or past a CR they have dealt with.
     * Eight bytes at a time, as most words of a message hold no LF.
     */
    public static int nextBareLineFeed(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ LINE_FEEDS;
            // The high bit of each zero byte of word, that is of each LF, and no other bit.
            long lineFeeds = ~(((word & LOWS) + LOWS) | word | LOWS);
            while (lineFeeds != 0) {
                int at = i + (Long.numberOfTrailingZeros(lineFeeds) >>> 3);
                if (at == from || bytes[at - 1] != '\r') {
                    return at;
                }
                lineFeeds &= lineFeeds - 1;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n' && (i == from || bytes[i - 1] != '\r')) {
                return i;
            }
        }
        return to;
    }

    /** How many bare LFs {@code [from, to)} holds, counted as {@link #nextBareLineFeed} finds them. */
    static int countBareLineFeeds(byte[] bytes, int from, int to) {
        int count = 0;
        for (int at = nextBareLineFeed(bytes, from, to); at < to; at = nextBareLineFeed(bytes, at + 1, to)) {
            count++;
        }
        return count;
    }

    /** {@code [from, to)} in network form: a CR before each bare LF. */
    static byte[] toCrlf(byte[] bytes, int from, int to) {
        int bare = countBareLineFeeds(bytes, from, to);
        if (bare == 0) {
            return Arrays.copyOfRange(bytes, from, to);
        }
        byte[] out = new byte[to - from + bare];
        int o = 0;
        int start = from;
        for (int at = nextBareLineFeed(bytes, from, to); at < to; at = nextBareLineFeed(bytes, at + 1, to)) {
            System.arraycopy(bytes, start, out, o, at - start);
            o += at - start;
            out[o++] = '\r';
            start = at;
        }
        System.arraycopy(bytes, start, out, o, to - start);
        return out;
    }
}
