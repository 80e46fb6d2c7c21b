// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * README, Guarantees: cancellation is never swallowed, and it sticks. One body of assertions is run over
 * every blocking Weft call, as the TCK drives each acquire method through one test.
 */
@Timeout(60)
class StickyCancellationTest {

    /** A blocking Weft call, made from inside a task. */
    interface BlockingCall {
        void call() throws Exception;
    }

    record Call(String name, BlockingCall call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> blockingCalls() {
        return Stream.of(
                new Call("Weft.sleep", () -> Weft.sleep(Duration.ofHours(1))),
                new Call("Weft.sleep(0)", () -> Weft.sleep(Duration.ZERO)),
                new Call(
                        "TaskGroup.run(body)",
                        () -> TaskGroup.run(tg -> {
                            throw new AssertionError("TaskGroup.run must not run its body in a cancelled task");
                        })),
                new Call("TaskGroup.run", () -> TaskGroup.run(tg -> null)),
                new Call("Weft.run", () -> Weft.run(() -> null)));
    }

    /**
     * A task is cancelled while blocked; it swallows the InterruptedException; its next
     * blocking Weft call must throw InterruptedException at once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingCalls")
    void cancelledTaskThatSwallowedInterrupt_getsAnotherFromNextCall(Call next) throws Exception {
        assertThat(CancelledTask.nextCallAfterSwallowedCancel(next.call()::call))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void joinInCancelledTask_throwsInterruptedAtOnce() throws Exception {
        AtomicReference<Throwable> second = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        TaskGroup.run(tg -> {
            Task<Object> sibling = tg.fork(() -> {
                never.await();
                return null;
            });
            Task<Object> t = tg.fork(() -> {
                try {
                    blocked.countDown();
                    Weft.sleep(Duration.ofHours(1));
                } catch (InterruptedException swallowed) {
                    // swallowed
                }
                try {
                    sibling.join();
                } catch (Throwable e) {
                    second.set(e);
                }
                return null;
            });
            blocked.await();
            t.cancel();
            t.onDone(x -> never.countDown());
            return null;
        });
        assertThat(second.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void groupCancelledByFailure_bodyAndTasksStayCancelledAfterSwallowing() {
        AtomicReference<Throwable> bodySecond = new AtomicReference<>();
        AtomicReference<Throwable> taskSecond = new AtomicReference<>();
        CountDownLatch taskBlocked = new CountDownLatch(1);
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    tg.fork(() -> {
                        try {
                            taskBlocked.countDown();
                            Weft.sleep(Duration.ofHours(1));
                        } catch (InterruptedException swallowed) {
                            // swallowed
                        }
                        try {
                            Weft.sleep(Duration.ofHours(1));
                        } catch (Throwable e) {
                            taskSecond.set(e);
                        }
                        return null;
                    });
                    taskBlocked.await();
                    tg.fork(() -> {
                        throw new IllegalStateException("boom");
                    });
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (InterruptedException swallowed) {
                        // swallowed
                    }
                    try {
                        Weft.sleep(Duration.ofHours(1));
                    } catch (Throwable e) {
                        bodySecond.set(e);
                    }
                    return null;
                }))
                .isInstanceOf(TaskGroupException.class);
        assertThat(bodySecond.get()).isInstanceOf(InterruptedException.class);
        assertThat(taskSecond.get()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void interruptDuringWeftCall_surfacesAsInterruptedException() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Weft.sleep(Duration.ofHours(1));
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> t.getState() == Thread.State.TIMED_WAITING);
        t.interrupt();
        t.join();
        assertThat(seen.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void interruptBeforeWeftCall_surfacesAtOnce() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Weft.sleep(Duration.ofHours(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void outerCancellation_reachesCodeAfterInnerGroup() throws Exception {
        // Python gh-116720: a nested group must not absorb the enclosing group's cancellation.
        AtomicReference<Throwable> afterInner = new AtomicReference<>();
        CountDownLatch inside = new CountDownLatch(1);
        TaskGroup.run(outer -> {
            Task<Object> holder = outer.fork(() -> {
                try {
                    TaskGroup.run(inner -> {
                        inner.fork(() -> {
                            inside.countDown();
                            return sleepHour();
                        });
                        return null;
                    });
                } catch (InterruptedException expected) {
                    // the inner group reports the outer cancellation...
                }
                try {
                    Weft.sleep(Duration.ofHours(1)); // ...and it sticks after the inner group
                } catch (Throwable e) {
                    afterInner.set(e);
                }
                return null;
            });
            inside.await();
            holder.cancel();
            assertThatThrownBy(holder::join).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(afterInner.get()).isInstanceOf(InterruptedException.class);
    }

    static Object sleepHour() throws InterruptedException {
        Weft.sleep(Duration.ofHours(1));
        return null;
    }

    @Test
    void openedGroupInCancelledTask_isBornCancelled() throws Exception {
        AtomicReference<Throwable> joinOutcome = new AtomicReference<>();
        AtomicReference<Boolean> childCancelled = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork(() -> {
                try {
                    blocked.countDown();
                    Weft.sleep(Duration.ofHours(1));
                } catch (InterruptedException swallowed) {
                    // swallowed
                }
                try (var inner = TaskGroup.open()) {
                    Task<Integer> child = inner.fork(() -> 1);
                    childCancelled.set(inner.isCancelled() && child.isCancelled());
                    inner.join();
                } catch (Throwable e) {
                    joinOutcome.set(e);
                }
                return null;
            });
            blocked.await();
            t.cancel();
            return null;
        });
        assertThat(childCancelled.get()).isTrue();
        assertThat(joinOutcome.get()).isInstanceOf(InterruptedException.class);
    }
}
