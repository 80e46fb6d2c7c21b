// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5, acceptance item 5: {@link Event}. */
@Timeout(60)
class EventTest {

    @Nested
    class Await {
        @Test
        void await_whenSet_returnsAtOnce() throws Exception {
            Event e = new Event();
            e.set();
            e.await();
            assertThat(e.await(Duration.ZERO)).isTrue();
            assertThat(e.queueLength()).isZero();
        }

        @Test
        void await_notSetTimed_returnsFalse() throws Exception {
            Event e = new Event();
            assertThat(e.await(Duration.ofMillis(10))).isFalse();
            assertThat(e.await(Duration.ofSeconds(-1))).isFalse();
            assertThat(e.queueLength()).isZero();
            assertThatThrownBy(() -> e.await(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void set_wakesEveryWaiter() throws Exception {
            Event e = new Event();
            TaskGroup.run(tg -> {
                List<Task<Boolean>> waiters = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    waiters.add(tg.fork(() -> {
                        e.await();
                        return true;
                    }));
                    waiters.add(tg.fork(() -> e.await(Duration.ofMinutes(5))));
                }
                spinUntil(() -> e.queueLength() == 100);
                e.set();
                for (Task<Boolean> w : waiters) {
                    assertThat(w.join()).isTrue();
                }
                return null;
            });
        }

        @Test
        void clear_afterSet_waitersBlockAgain() throws Exception {
            Event e = new Event();
            e.set();
            e.clear();
            assertThat(e.isSet()).isFalse();
            TaskGroup.run(tg -> {
                Task<Object> w = tg.fork(() -> {
                    e.await();
                    return null;
                });
                spinUntil(() -> e.queueLength() == 1);
                assertThat(w.isDone()).isFalse();
                e.set();
                w.join();
                return null;
            });
        }

        @Test
        void clearRightAfterSet_neverReblocksWaiterParkedAtSet() throws Exception {
            Event e = new Event();
            TaskGroup.run(tg -> {
                for (int round = 0; round < 500; round++) {
                    List<Task<Boolean>> waiters = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        waiters.add(tg.fork(() -> e.await(Duration.ofMinutes(5))));
                    }
                    spinUntil(() -> e.queueLength() == 4);
                    e.set();
                    e.clear();
                    for (Task<Boolean> w : waiters) {
                        assertThat(w.join()).isTrue();
                    }
                }
                return null;
            });
        }

        /**
         * Two tasks ping-pong through two events (set, await, clear), as EventPingPongBenchmark
         * does. A clear() landing inside another thread's set() must not be undone by it: an
         * early version wrote the generation and the flag in two steps, so a waiter woken by the
         * generation could clear the flag just before set() wrote it on again, and the next
         * await returned at once: one side ran a round ahead and the other hung.
         */
        @Test
        void pingPong_setAwaitClear_neverLosesARound() throws Exception {
            int rounds = 200_000;
            Event ping = new Event();
            Event pong = new Event();
            AtomicInteger pinged = new AtomicInteger();
            TaskGroup.run(tg -> {
                tg.fork(() -> {
                    for (int i = 0; i < rounds; i++) {
                        ping.set();
                        assertThat(pong.await(Duration.ofSeconds(30)))
                                .as("pong %d", i)
                                .isTrue();
                        pong.clear();
                        assertThat(pinged.get())
                                .as("rounds answered after pong %d", i)
                                .isEqualTo(i + 1);
                    }
                    return null;
                });
                tg.fork(() -> {
                    for (int i = 0; i < rounds; i++) {
                        assertThat(ping.await(Duration.ofSeconds(30)))
                                .as("ping %d", i)
                                .isTrue();
                        ping.clear();
                        pinged.incrementAndGet();
                        pong.set();
                    }
                    return null;
                });
                return null;
            });
            assertThat(pinged).hasValue(rounds);
        }

        @Test
        void set_writesBeforeSetVisibleAfterAwait() throws Exception {
            for (int round = 0; round < 2_000; round++) {
                Event e = new Event();
                int[] plain = new int[1]; // deliberately not volatile
                int expected = round + 1;
                TaskGroup.run(tg -> {
                    Task<Integer> reader = tg.fork(() -> {
                        e.await();
                        return plain[0];
                    });
                    plain[0] = expected;
                    e.set();
                    assertThat(reader.join()).isEqualTo(expected);
                    return null;
                });
            }
        }

        @Test
        void await_cancelledWhileWaiting_leavesNoTrace() throws Exception {
            Event e = new Event();
            TaskGroup.run(tg -> {
                Task<Object> w = tg.fork(() -> {
                    e.await();
                    return null;
                });
                spinUntil(() -> e.queueLength() == 1);
                w.cancel();
                assertThatThrownBy(w::join).isInstanceOf(CancellationException.class);
                assertThat(e.queueLength()).isZero();
                return null;
            });
        }
    }
}
