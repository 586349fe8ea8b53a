package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** Many threads sending as one user at once, adding up what they were allowed. */
final class Hammer {

    static final class Totals {
        long allowedMessages;
        long allowedRecipients;
        long refused;
        long storeFailures;
    }

    private Hammer() {
    }

    /** Each thread makes {@code attempts} requests of 1 to {@code maxRecipients} recipients, all threads released at once. */
    static Totals run(RateLimiter limiter, int threads, int attempts, int maxRecipients) throws InterruptedException {
        AtomicLong messages = new AtomicLong();
        AtomicLong recipients = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        together(threads, seed -> {
            for (int i = 0; i < attempts; i++) {
                long rcpts = 1 + (seed + i) % maxRecipients;
                RateLimitDecision d = limiter.check(RateLimitRequest.builder().user("alice@example.com").recipientCount(rcpts).build());
                failures.addAndGet(d.storeFailures().size());
                if (d.allowed()) {
                    messages.incrementAndGet();
                    recipients.addAndGet(rcpts);
                } else {
                    refused.incrementAndGet();
                }
            }
        });
        Totals totals = new Totals();
        totals.allowedMessages = messages.get();
        totals.allowedRecipients = recipients.get();
        totals.refused = refused.get();
        totals.storeFailures = failures.get();
        return totals;
    }

    /** Runs {@code work} on {@code threads} threads (each given its number) released at once, and waits for all. */
    static void together(int threads, IntConsumer work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                work.accept(seed);
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    static void assertWithin(Totals totals, long messageLimit, long recipientLimit) {
        assertThat(totals.storeFailures).isZero();
        assertThat(totals.allowedMessages).isPositive().isLessThanOrEqualTo(messageLimit);
        assertThat(totals.allowedRecipients).isLessThanOrEqualTo(recipientLimit);
        assertThat(totals.refused).isPositive();
    }

    /** What the store holds equals what the threads were told they got: no lost update, no charge for a refusal. */
    static void assertStateMatches(RateLimiter limiter, Totals totals, long messageLimit, long recipientLimit) {
        RateLimitState state = limiter.state("r", "user=alice@example.com").orElseThrow();
        for (RateLimitBudget b : state.budgets()) {
            long used = b.dimension() == Dimension.MESSAGES ? totals.allowedMessages : totals.allowedRecipients;
            assertThat(b.remaining()).as(b.toString()).isEqualTo(b.limit() - used);
        }
        assertThat(state.budgets()).hasSize(4);
        assertThat(messageLimit - totals.allowedMessages == 0 || recipientLimit - totals.allowedRecipients < 3)
                .as("the budget was spent to the last unit a request could use").isTrue();
    }
}
