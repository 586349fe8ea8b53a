package org.mailpolicy.dkim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** How strict {@link DkimVerifier} is. The defaults follow RFC 6376 with RFC 8301 and RFC 8463. */
public final class DkimVerifierOptions {

    private final boolean allowRsaSha1;
    private final boolean honourLengthTag;
    private final int maxSignatures;
    private final Duration clockSkew;
    private final Clock clock;

    private DkimVerifierOptions(Builder b) {
        this.allowRsaSha1 = b.allowRsaSha1;
        this.honourLengthTag = b.honourLengthTag;
        this.maxSignatures = b.maxSignatures;
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
    }

    public static DkimVerifierOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean allowRsaSha1() {
        return allowRsaSha1;
    }

    public boolean honourLengthTag() {
        return honourLengthTag;
    }

    public int maxSignatures() {
        return maxSignatures;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private boolean allowRsaSha1;
        private boolean honourLengthTag;
        private int maxSignatures = 5;
        private Duration clockSkew = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Verify rsa-sha1 signatures instead of answering policy (RFC 8301 §3.1 forbids accepting them). Default false. */
        public Builder allowRsaSha1(boolean allow) {
            this.allowRsaSha1 = allow;
            return this;
        }

        /**
         * Verify signatures with l= over the signed part of the body and report the unsigned rest,
         * instead of answering policy (RFC 6376 §8.2: content can be appended). Default false.
         */
        public Builder honourLengthTag(boolean honour) {
            this.honourLengthTag = honour;
            return this;
        }

        /** How many DKIM-Signature fields are verified; later ones are reported as not checked. Default 5. */
        public Builder maxSignatures(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSignatures must be at least 1, got " + max);
            }
            this.maxSignatures = max;
            return this;
        }

        /** How long after x= a signature still counts as unexpired. Default 5 minutes. */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, got " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DkimVerifierOptions build() {
            return new DkimVerifierOptions(this);
        }
    }
}
