package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest {

    private static final String BUCKET = "r|user=alice";
    private static final long MINUTE = 60_000_000L;

    private final MutableClock clock = MutableClock.atSomeInstant();

    /** One step: an update of one cell of three a minute, then the clock moved. */
    private static final class Step {
        final GcraUpdate.Mode mode;
        final long cost;
        final Duration then;

        Step(GcraUpdate.Mode mode, long cost, Duration then) {
            this.mode = mode;
            this.cost = cost;
            this.then = then;
        }

        GcraUpdate update() {
            return new GcraUpdate(BUCKET, mode, List.of(new GcraCell("1m:messages", MINUTE, 3, cost)));
        }

        @Override
        public String toString() {
            return mode + " " + cost;
        }
    }

    private static Step step(GcraUpdate.Mode mode, long cost) {
        return new Step(mode, cost, Duration.ZERO);
    }

    private static Step step(GcraUpdate.Mode mode, long cost, Duration then) {
        return new Step(mode, cost, then);
    }

    /**
     * A bucket of one counter answers {@code applyOne} by moving its TAT in place where it can;
     * step by step, in every mode, across a first refusal, a refund, a cost above the limit and a
     * new live period, it answers and holds what a whole-state update computes.
     */
    @Test
    void aCounterMovedInPlaceAnswersAsAWholeUpdateDoes() {
        InMemoryRateLimitStore inPlace = new InMemoryRateLimitStore(clock, 10);
        InMemoryRateLimitStore whole = new InMemoryRateLimitStore(clock, 10);
        List<Step> steps = List.of(
                step(GcraUpdate.Mode.LEAKY, 1),
                step(GcraUpdate.Mode.LEAKY, 1),
                step(GcraUpdate.Mode.LEAKY, 1),
                step(GcraUpdate.Mode.LEAKY, 1),
                step(GcraUpdate.Mode.LEAKY, 1),
                step(GcraUpdate.Mode.STRICT, 1, Duration.ofSeconds(20)),
                step(GcraUpdate.Mode.STRICT, 1),
                step(GcraUpdate.Mode.REFUND, 1),
                step(GcraUpdate.Mode.LEAKY, 2),
                step(GcraUpdate.Mode.LEAKY, 4, Duration.ofMinutes(2)),
                step(GcraUpdate.Mode.LEAKY, 4),
                step(GcraUpdate.Mode.LEAKY, 2),
                step(GcraUpdate.Mode.LEAKY, 2),
                step(GcraUpdate.Mode.REFUND, 2),
                step(GcraUpdate.Mode.REFUND, 2),
                step(GcraUpdate.Mode.LEAKY, 0));
        int refusals = 0;
        for (Step step : steps) {
            long answer = inPlace.applyOne(step.update());
            GcraOutcome outcome = whole.apply(step.update());
            assertThat(answer).as(step.toString()).isEqualTo(outcome.answerOfOne(step.update().cells(), step.mode));
            refusals += outcome.allowed() ? 0 : 1;
            StoredBucket a = inPlace.read(BUCKET).orElse(new StoredBucket(0, Map.of(), 0));
            StoredBucket b = whole.read(BUCKET).orElse(new StoredBucket(0, Map.of(), 0));
            assertThat(a.tats()).as(step.toString()).isEqualTo(b.tats());
            assertThat(a.limitedCount()).as(step.toString()).isEqualTo(b.limitedCount());
            clock.advance(step.then);
        }
        // Refused: the 4th and 5th unit, the first strict one, the 2 units after the refund, both
        // costs above the limit, the second 2 units of the new period.
        assertThat(refusals).isEqualTo(7);
    }

    @Test
    void anAnswerOfOneCellPacksWhetherItWasChargedAndHowFarTheTatIsAhead() {
        assertThat(GcraOutcome.allowedBy(GcraOutcome.answerOfOne(true, 0))).isTrue();
        assertThat(GcraOutcome.aheadIn(GcraOutcome.answerOfOne(true, 20_000_000L))).isEqualTo(20_000_000L);
        assertThat(GcraOutcome.allowedBy(GcraOutcome.answerOfOne(false, 0))).isFalse();
        assertThat(GcraOutcome.aheadIn(GcraOutcome.answerOfOne(false, MINUTE))).isEqualTo(MINUTE);
    }

    /**
     * A counter an update charges nothing (bytes not yet known at RCPT) holds no state, while the
     * bucket's other counter counts on: the next updates of the same counters read and charge both,
     * and a TAT gone by reads as no state.
     */
    @Test
    void aCounterChargedNothingHoldsNoStateWhileTheOtherCountsOn() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock, 10);
        GcraCell messages = new GcraCell("1m:messages", MINUTE, 3, 1);
        GcraCell bytes = new GcraCell("1m:bytes", MINUTE, 6000, 0);
        String[] fields = GcraUpdate.fieldsOf(List.of(messages, bytes));
        BucketId id = BucketId.parse(BUCKET);
        GcraUpdate atRcpt = new GcraUpdate(id, GcraUpdate.Mode.LEAKY, List.of(messages, bytes), fields);
        GcraUpdate withBytes = new GcraUpdate(id, GcraUpdate.Mode.LEAKY, List.of(messages, bytes.withCost(3000)), fields);
        long now = clock.instant().toEpochMilli() * 1000;
        long third = MINUTE / 3;

        assertThat(store.apply(atRcpt).allowed()).isTrue();
        assertThat(store.read(BUCKET).orElseThrow().tats()).isEqualTo(Map.of("1m:messages", now + third));
        assertThat(store.apply(atRcpt).allowed()).isTrue();
        assertThat(store.read(BUCKET).orElseThrow().tats()).isEqualTo(Map.of("1m:messages", now + 2 * third));
        assertThat(store.apply(withBytes).allowed()).isTrue();
        assertThat(store.read(BUCKET).orElseThrow().tats()).isEqualTo(Map.of("1m:messages", now + MINUTE, "1m:bytes", now + MINUTE / 2));

        GcraOutcome refused = store.apply(atRcpt);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.tatBefore(0)).isEqualTo(now + MINUTE);
        assertThat(refused.tatBefore(1)).isEqualTo(now + MINUTE / 2);
        assertThat(store.read(BUCKET).orElseThrow().limitedCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(40));
        GcraOutcome aboveTheLimit = store.apply(new GcraUpdate(id, GcraUpdate.Mode.LEAKY, List.of(messages, bytes.withCost(6001)), fields));
        assertThat(aboveTheLimit.allowed()).isFalse();
        assertThat(aboveTheLimit.tatBefore(0)).isEqualTo(now + MINUTE);
        assertThat(aboveTheLimit.tatBefore(1)).as("a TAT gone by is no state").isZero();
    }

    @Test
    void applyOneTakesAnUpdateOfOneCellOnly() {
        GcraCell cell = new GcraCell("1m:messages", MINUTE, 3, 1);
        GcraUpdate two = new GcraUpdate(BUCKET, GcraUpdate.Mode.LEAKY, List.of(cell, new GcraCell("1h:messages", 60 * MINUTE, 10, 1)));
        assertThatThrownBy(() -> new InMemoryRateLimitStore(clock, 10).applyOne(two)).isInstanceOf(IllegalArgumentException.class);
    }
}
