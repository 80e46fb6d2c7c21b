// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TaskGroup.forkDaemon (README "Weft in a service", issue 16): the structured daemon=True. */
@Timeout(60)
class DaemonTaskTest {

    @Test
    void daemon_stoppedBeforeItStarted_neverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Task<Object> d = TaskGroup.run(tg -> tg.forkDaemon(() -> {
            ran.set(true);
            return null;
        }));
        // Either it ran before the group ended, or it was cancelled before it started: both
        // end cancelled or succeeded, and the group never waits for a daemon on its own.
        assertThat(d.isDone()).isTrue();
        assertThat(ran.get() || d.isCancelled()).isTrue();
    }

    @Test
    void daemon_cancelledOnceBodyAndOtherTasksEnd_groupEndsWithoutError() throws Exception {
        TaskGroupTest.Threads threads = new TaskGroupTest.Threads();
        AtomicReference<Task<Object>> daemon = new AtomicReference<>();
        CountDownLatch worked = new CountDownLatch(1);
        int r = TaskGroup.run("svc", tg -> {
            daemon.set(tg.forkDaemon("heartbeat", () -> {
                threads.here();
                return TaskGroupTest.sleepForever();
            }));
            Task<Integer> work = tg.fork("work", () -> {
                threads.here();
                worked.countDown();
                return 42;
            });
            return work.join();
        });
        assertThat(r).isEqualTo(42);
        assertThat(daemon.get().isCancelled()).isTrue();
        threads.assertAllEnded();
    }

    @Test
    void daemon_failure_failsTheGroup() {
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    tg.forkDaemon("d", () -> {
                        throw new IOException("daemon broke");
                    });
                    return TaskGroupTest.sleepForever(); // cancelled by the daemon's failure
                }))
                .isInstanceOf(TaskGroupException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void daemon_failingWhileBeingStopped_isReported() {
        CountDownLatch started = new CountDownLatch(1);
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    tg.forkDaemon(() -> {
                        started.countDown();
                        try {
                            return TaskGroupTest.sleepForever();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException("flush failed on stop");
                        }
                    });
                    started.await(); // a daemon stopped before it started would never run
                    return null;
                }))
                .isInstanceOf(TaskGroupException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void daemon_forksNonDaemonWork_groupWaitsForIt() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch forked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread opener = Thread.currentThread();
        // Releases the work only once the opener waits for the group (the body has returned).
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                forked.await();
                await().until(() -> opener.getState() == Thread.State.WAITING);
                release.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TaskGroup.run(tg -> {
            tg.forkDaemon(() -> {
                tg.fork(() -> {
                    forked.countDown();
                    release.await(); // the work is not cancelled with the daemon
                    finished.set(true);
                    return null;
                });
                return TaskGroupTest.sleepForever();
            });
            forked.await();
            return null;
        });
        releaser.join();
        assertThat(finished).isTrue();
    }

    @Test
    void daemonForkedWhileDaemonsAreStopped_isCancelledAtOnce() throws Exception {
        AtomicBoolean lateRan = new AtomicBoolean();
        AtomicReference<Task<Object>> late = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        TaskGroup.run(tg -> {
            tg.forkDaemon(() -> {
                started.countDown();
                try {
                    return TaskGroupTest.sleepForever();
                } finally {
                    late.set(tg.forkDaemon(() -> {
                        lateRan.set(true);
                        return null;
                    }));
                }
            });
            started.await();
            return null;
        });
        assertThat(late.get().isCancelled()).isTrue();
        assertThat(lateRan).isFalse();
    }

    @Test
    void daemon_inOpenedGroup_stoppedByJoin() throws Exception {
        Task<Object> d;
        try (var tg = TaskGroup.open()) {
            d = tg.forkDaemon(TaskGroupTest::sleepForever);
            tg.join();
        }
        assertThat(d.isCancelled()).isTrue();
        assertThat(d.state()).isEqualTo(java.util.concurrent.Future.State.CANCELLED);
    }

    @Test
    void forkDaemon_afterGroupEnded_throws() throws Exception {
        AtomicReference<TaskGroup> g = new AtomicReference<>();
        TaskGroup.run(tg -> {
            g.set(tg);
            return null;
        });
        assertThatThrownBy(() -> g.get().forkDaemon(() -> 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.get().forkDaemon("x", null)).isInstanceOf(NullPointerException.class);
    }
}
