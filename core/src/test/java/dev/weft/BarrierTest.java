// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, acceptance item 7: {@link Barrier}. */
@Timeout(60)
class BarrierTest {

    /** A party's outcome: its index, or the exception it threw (so the group does not fail). */
    static Object outcome(Barrier b) {
        try {
            return b.await();
        } catch (Exception e) {
            return e;
        }
    }

    static List<Task<Integer>> forkParties(TaskGroup tg, Barrier b, int n) {
        List<Task<Integer>> parties = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parties.add(tg.fork(b::await));
        }
        return parties;
    }

    @Nested
    class Await {
        @Test
        void new_lessThanOneParty_throwsIllegalArgument() {
            assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void await_nParties_releasedTogetherWithDistinctIndexes() throws Exception {
            Barrier b = new Barrier(5);
            TaskGroup.run(tg -> {
                for (int generation = 0; generation < 50; generation++) {
                    List<Task<Integer>> parties = forkParties(tg, b, 5);
                    List<Integer> indexes = new ArrayList<>();
                    for (Task<Integer> p : parties) {
                        indexes.add(p.join());
                    }
                    assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
                }
                return null;
            });
            assertThat(b.waiting()).isZero();
            assertThat(b.isBroken()).isFalse();
        }

        @Test
        void await_onePartyMissing_othersKeepWaiting() throws Exception {
            Barrier b = new Barrier(3);
            TaskGroup.run(tg -> {
                List<Task<Integer>> parties = forkParties(tg, b, 2);
                spinUntil(() -> b.waiting() == 2);
                assertThat(parties).noneMatch(Task::isDone);
                assertThat(b.await()).isEqualTo(2); // the last arrival
                assertThat(List.of(parties.get(0).join(), parties.get(1).join()))
                        .containsExactlyInAnyOrder(0, 1);
                return null;
            });
        }

        @Test
        void await_arrivalOrder_indexesFollowIt() throws Exception {
            Barrier b = new Barrier(4);
            TaskGroup.run(tg -> {
                List<Task<Integer>> parties = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    parties.add(tg.fork(b::await));
                    int arrived = i + 1;
                    spinUntil(() -> b.waiting() == arrived);
                }
                assertThat(b.await()).isEqualTo(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(parties.get(i).join()).isEqualTo(i);
                }
                return null;
            });
        }
    }

    @Nested
    class Breaking {
        @Test
        void abort_breaksItForEveryone() throws Exception {
            Barrier b = new Barrier(3);
            TaskGroup.run(tg -> {
                Task<Object> p1 = tg.fork(() -> outcome(b));
                Task<Object> p2 = tg.fork(() -> outcome(b));
                spinUntil(() -> b.waiting() == 2);
                b.abort();
                assertThat(p1.join()).isInstanceOf(BrokenBarrierException.class);
                assertThat(p2.join()).isInstanceOf(BrokenBarrierException.class);
                return null;
            });
            assertThat(b.isBroken()).isTrue();
            assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class);
        }

        @Test
        void awaitDuration_timesOut_timedOutSeesTimeoutOthersSeeBroken() throws Exception {
            Barrier b = new Barrier(3);
            TaskGroup.run(tg -> {
                Task<Object> other = tg.fork(() -> outcome(b));
                spinUntil(() -> b.waiting() == 1);
                assertThatThrownBy(() -> b.await(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
                assertThat(other.join()).isInstanceOf(BrokenBarrierException.class);
                return null;
            });
            assertThat(b.isBroken()).isTrue();
            assertThat(b.waiting()).isZero();
            assertThatThrownBy(() -> b.await(Duration.ofSeconds(1))).isInstanceOf(BrokenBarrierException.class);
        }

        @Test
        void awaitDuration_zeroAndNotLast_breaksAtOnce() {
            Barrier b = new Barrier(2);
            assertThatThrownBy(() -> b.await(Duration.ZERO)).isInstanceOf(TimeoutException.class);
            assertThat(b.isBroken()).isTrue();
        }

        @Test
        void await_cancelledWhileFilling_leavesItUnbroken() throws Exception {
            Barrier b = new Barrier(3);
            TaskGroup.run(tg -> {
                Task<Integer> first = tg.fork(b::await);
                Task<Integer> cancelled = tg.fork(b::await);
                spinUntil(() -> b.waiting() == 2);
                cancelled.cancel();
                assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
                assertThat(b.waiting()).isEqualTo(1);
                assertThat(b.isBroken()).isFalse();
                Task<Integer> second = tg.fork(b::await);
                spinUntil(() -> b.waiting() == 2);
                assertThat(b.await()).isEqualTo(2);
                assertThat(List.of(first.join(), second.join())).containsExactlyInAnyOrder(0, 1);
                return null;
            });
        }

        @Test
        void reset_wakesWaitersBrokenAndMakesItUsableAgain() throws Exception {
            Barrier b = new Barrier(2);
            TaskGroup.run(tg -> {
                Task<Object> waiter = tg.fork(() -> outcome(b));
                spinUntil(() -> b.waiting() == 1);
                b.reset();
                assertThat(waiter.join()).isInstanceOf(BrokenBarrierException.class);
                b.abort();
                b.reset();
                assertThat(b.isBroken()).isFalse();
                Task<Integer> again = tg.fork(b::await);
                spinUntil(() -> b.waiting() == 1);
                assertThat(b.await(Duration.ofMinutes(1))).isEqualTo(1);
                assertThat(again.join()).isZero();
                return null;
            });
        }
    }
}
