// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Task;
import dev.weft.TaskGroup;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A task group's cancel racing forks (from another thread) and its tasks' ends, over many
 * seeded rounds on the real scheduler (neither Lincheck nor Fray can run a group's virtual
 * threads; see GroupCancelRacingForkFrayTest). In every round: the group's join returns, a fork
 * is either accepted or throws IllegalStateException, every accepted task is done when join
 * returns and none runs after it, each is a success with its value or cancelled, and a
 * rejected fork ran nothing. Half the rounds fork from a virtual thread, half from a platform
 * thread.
 */
class GroupCancelRacingForkPropertyTest {

    @Test
    void group_cancelRacingForksAndTaskEnds_everyTaskAccountedFor() throws Exception {
        long start = System.nanoTime();
        int rounds = Rounds.rounds();
        for (int i = 0; i < rounds; i++) {
            Random random = new Random(Rounds.SEED + i);
            String where = "round " + i + " (seed " + (Rounds.SEED + i) + ")";
            TaskGroup g = TaskGroup.open();
            AtomicBoolean joined = new AtomicBoolean();
            AtomicBoolean ranAfterJoin = new AtomicBoolean();
            AtomicInteger rejectedRan = new AtomicInteger();
            List<Task<Integer>> accepted = new CopyOnWriteArrayList<>();
            AtomicInteger rejected = new AtomicInteger();
            int early = random.nextInt(3);
            for (int k = 0; k < early; k++) {
                int value = k;
                accepted.add(g.fork(() -> body(joined, ranAfterJoin, value)));
            }
            int late = 1 + random.nextInt(3);
            Runnable forks = () -> {
                for (int k = 0; k < late; k++) {
                    int value = 100 + k;
                    AtomicBoolean mine = new AtomicBoolean();
                    try {
                        accepted.add(g.fork(() -> {
                            mine.set(true);
                            return body(joined, ranAfterJoin, value);
                        }));
                    } catch (IllegalStateException e) {
                        rejected.incrementAndGet();
                        if (mine.get()) {
                            rejectedRan.incrementAndGet();
                        }
                    }
                }
            };
            Thread forker = i % 2 == 0
                    ? Thread.ofVirtual().start(forks)
                    : Thread.ofPlatform().start(forks);
            Thread canceller = Thread.ofPlatform().start(g::cancel);
            for (Thread t : List.of(forker, canceller)) {
                for (boolean done = false; !done; ) {
                    try {
                        t.join(); // the cancel interrupts the opener: keep waiting
                        done = true;
                    } catch (InterruptedException e) {
                        // cleared below
                    }
                }
            }
            try {
                g.join();
            } catch (InterruptedException e) {
                throw new AssertionError(where + ": a cancelled group's join threw", e);
            } finally {
                g.close();
            }
            joined.set(true);
            Thread.interrupted(); // the group's cancel reached this opener; clear it for the next round
            assertThat(accepted.size() + rejected.get()).as(where).isEqualTo(early + late);
            assertThat(rejectedRan.get()).as(where + ": a rejected fork ran").isZero();
            for (Task<Integer> t : accepted) {
                assertThat(t.isDone())
                        .as(where + ": a task not done after join")
                        .isTrue();
                if (!t.isCancelled()) {
                    assertThat(t.resultNow()).as(where).isIn(0, 1, 2, 100, 101, 102);
                } else {
                    try {
                        t.join();
                        throw new AssertionError(where + ": a cancelled task's join returned");
                    } catch (CancellationException expected) {
                        // Future's contract
                    }
                }
            }
            assertThat(ranAfterJoin.get())
                    .as(where + ": a task ran after the group's join")
                    .isFalse();
        }
        System.out.printf(
                "[model] GroupCancelRacingForkPropertyTest: %d rounds passed in %d ms (seed %d)%n",
                rounds, (System.nanoTime() - start) / 1_000_000, Rounds.SEED);
    }

    private static int body(AtomicBoolean joined, AtomicBoolean ranAfterJoin, int value) {
        if (joined.get()) {
            ranAfterJoin.set(true);
        }
        return value;
    }
}
