package org.mailpolicy.spf;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Settings of an {@link SpfVerifier}. Immutable; build with {@link #builder()}. */
public final class SpfOptions {

    private final String receivingHost;
    private final Duration timeout;
    private final Clock clock;

    private SpfOptions(Builder builder) {
        this.receivingHost = builder.receivingHost;
        this.timeout = builder.timeout;
        this.clock = builder.clock;
    }

    public static SpfOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RFC 7208 §7.3: the {@code %{r}} macro, the name of the host doing the check. */
    public String receivingHost() {
        return receivingHost;
    }

    /** RFC 7208 §4.6.4: the wall-clock budget of one evaluation, after which it ends in {@code temperror}. */
    public Duration timeout() {
        return timeout;
    }

    /** Time source of the {@code %{t}} macro and of the time budget's start. */
    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private String receivingHost = "unknown";
        private Duration timeout = Duration.ofSeconds(20);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder receivingHost(String receivingHost) {
            this.receivingHost = Objects.requireNonNull(receivingHost);
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("SPF timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SpfOptions build() {
            return new SpfOptions(this);
        }
    }
}
