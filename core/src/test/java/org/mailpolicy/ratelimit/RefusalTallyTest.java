package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalTallyTest {

    @Test
    void oneThreadCountsWithoutSlots() {
        RefusalTally tally = new RefusalTally();
        for (int i = 0; i < 1_000; i++) {
            tally.increment();
        }
        assertThat(tally.sum()).isEqualTo(1_000);
    }

    @Test
    void moreThreadsThanSlotsLoseNoCount() throws InterruptedException {
        // 40 threads: past the 32 slots, so some count in the shared counter once the slots are taken.
        assertThat(countFrom(40, 20_000)).isEqualTo(40 * 20_000L);
    }

    @Test
    void threadsThatEndKeepTheirCountsAndNewThreadsStillCount() throws InterruptedException {
        RefusalTally tally = new RefusalTally();
        for (int round = 0; round < 5; round++) {
            run(tally, 16, 5_000);
        }
        assertThat(tally.sum()).isEqualTo(5 * 16 * 5_000L);
    }

    private static long countFrom(int threads, int each) throws InterruptedException {
        RefusalTally tally = new RefusalTally();
        run(tally, threads, each);
        return tally.sum();
    }

    private static void run(RefusalTally tally, int threads, int each) throws InterruptedException {
        Hammer.together(threads, thread -> {
            for (int i = 0; i < each; i++) {
                tally.increment();
            }
        });
    }
}
