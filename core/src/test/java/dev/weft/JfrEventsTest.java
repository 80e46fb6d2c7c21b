// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README "JFR events": Weft's {@code jdk.jfr} events, read back in-process with a
 * {@link RecordingStream}. Every name a test waits for is unique to that test (a counter), so
 * events of other tests' leftover threads cannot satisfy it.
 */
@Timeout(120)
class JfrEventsTest {

    private static final AtomicInteger RUN = new AtomicInteger();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Queue<RecordedEvent> events = new ConcurrentLinkedQueue<>();
    private final String id = "jfr" + RUN.incrementAndGet();
    private RecordingStream stream;

    @BeforeEach
    void startRecording() {
        stream = new RecordingStream();
        stream.enable("dev.weft.TaskEnd").withoutStackTrace(); // off by default; threshold 0
        stream.enable("dev.weft.Cancellation");
        stream.enable("dev.weft.ContendedWait").withThreshold(Duration.ZERO); // every parked wait
        stream.enable("dev.weft.Deadlock");
        stream.onEvent(events::add);
        stream.startAsync(); // the recording has started when this returns
    }

    @AfterEach
    void stopRecording() {
        stream.close();
    }

    @Test
    void taskEnd_success_failure_cancelled_carryTaskGroupOutcomeAndRunTime() throws Exception {
        String group = id + "-g";
        Event started = new Event();
        AtomicReference<String> victimSaw = new AtomicReference<>();
        assertThatThrownBy(() -> TaskGroup.run(group, tg -> {
                    tg.fork("victim", () -> {
                        started.set();
                        try {
                            new Event().await(); // until cancelled
                        } catch (InterruptedException e) {
                            victimSaw.set(e.getMessage());
                            throw e;
                        }
                        return null;
                    });
                    started.await();
                    tg.fork("ok", () -> 42).join();
                    tg.fork("boom", () -> {
                        throw new IllegalStateException("boom");
                    });
                    return null;
                }))
                .isInstanceOf(TaskGroupException.class);

        RecordedEvent ok = awaitEvent(
                "dev.weft.TaskEnd", e -> group.equals(e.getString("group")) && "ok".equals(e.getString("task")));
        RecordedEvent boom = awaitEvent(
                "dev.weft.TaskEnd", e -> group.equals(e.getString("group")) && "boom".equals(e.getString("task")));
        RecordedEvent victim = awaitEvent(
                "dev.weft.TaskEnd", e -> group.equals(e.getString("group")) && "victim".equals(e.getString("task")));
        assertThat(ok.getString("outcome")).isEqualTo("success");
        assertThat(boom.getString("outcome")).isEqualTo("failure");
        assertThat(victim.getString("outcome")).isEqualTo("cancelled");
        for (RecordedEvent e : List.of(ok, boom, victim)) {
            assertThat(e.getDuration().isNegative()).isFalse();
            assertThat(e.getEventType().getCategoryNames()).containsExactly("Weft");
        }
        // The victim ran until it was cancelled: its run time spans the other two tasks'.
        assertThat(victim.getStartTime()).isBeforeOrEqualTo(ok.getStartTime());
        assertThat(victim.getEndTime()).isAfterOrEqualTo(boom.getEndTime());
        // Its cancellation, with the words its InterruptedException carried.
        RecordedEvent cancel = awaitEvent(
                "dev.weft.Cancellation",
                e -> "victim".equals(e.getString("task"))
                        && e.getString("reason").contains("IllegalStateException: boom"));
        assertThat(cancel.getString("reason")).startsWith("sibling 'boom' failed: ");
        assertThat(victimSaw.get()).isEqualTo("Task 'victim' was cancelled: " + cancel.getString("reason"));
        assertThat(cancel.getThread().getJavaName()).isEqualTo(group + "/boom"); // the canceller
        assertThat(matching("dev.weft.Cancellation", e -> "victim".equals(e.getString("task"))))
                .hasSize(1);
    }

    @Test
    void taskEnd_unnamedGroupAndTask_namedTaskGroupAndTaskN() throws Exception {
        TaskGroup.run(tg -> {
            tg.fork(() -> null);
            return null;
        });
        RecordedEvent end = awaitEvent(
                "dev.weft.TaskEnd",
                e -> "task-1".equals(e.getString("task")) && "TaskGroup".equals(e.getString("group")));
        assertThat(end.getString("outcome")).isEqualTo("success");
    }

    @Test
    void cancellation_taskCancel_oneEventWithReason_committedByTheCanceller() throws Exception {
        String group = id + "-c";
        String me = Thread.currentThread().getName(); // the body runs here, and cancels
        TaskGroup.run(group, tg -> {
            Event started = new Event();
            Task<Object> t = tg.fork("sleeper", () -> {
                started.set();
                new Event().await();
                return null;
            });
            started.await();
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancel()).isFalse(); // already cancelled: no second event
            return null;
        });
        RecordedEvent cancel = awaitEvent(
                "dev.weft.Cancellation",
                e -> "sleeper".equals(e.getString("task"))
                        && e.getThread() != null
                        && me.equals(e.getThread().getJavaName()));
        assertThat(cancel.getString("reason")).isEqualTo("Task.cancel() was called");
        RecordedEvent end = awaitEvent("dev.weft.TaskEnd", e -> group.equals(e.getString("group")));
        assertThat(end.getString("outcome")).isEqualTo("cancelled");
        assertThat(matching(
                        "dev.weft.Cancellation",
                        e -> "sleeper".equals(e.getString("task"))
                                && me.equals(e.getThread().getJavaName())))
                .hasSize(1);
    }

    @Test
    void contendedWait_lockHeldByAnotherTask_namesLockAndHolder_uncontendedAcquireRecordsNothing() throws Exception {
        String group = id + "-w";
        Lock contended = new Lock(id + "-accounts");
        Lock free = new Lock(id + "-free");
        Event held = new Event();
        CountDownLatch waiterParked = new CountDownLatch(1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        TaskGroup.run(group, tg -> {
            tg.fork("holder", () -> {
                contended.acquire();
                try {
                    held.set();
                    waiterParked.await();
                    Thread.sleep(60); // not to let something happen: only to make the wait long
                } finally {
                    contended.release();
                }
                return null;
            });
            held.await();
            tg.fork("waiter", () -> {
                waiter.set(Thread.currentThread());
                free.acquire(); // uncontended: never reaches the Waiter
                free.release();
                contended.acquire();
                contended.release();
                return null;
            });
            spinUntil(() -> waiter.get() != null && waiter.get().getState() == Thread.State.WAITING);
            waiterParked.countDown();
            return null;
        });
        RecordedEvent wait = awaitEvent("dev.weft.ContendedWait", e -> (id + "-accounts").equals(e.getString("name")));
        assertThat(wait.getString("primitive")).isEqualTo("Lock");
        assertThat(wait.getString("name")).isEqualTo(id + "-accounts");
        assertThat(wait.getString("owner")).isEqualTo("task '" + group + "/holder'");
        assertThat(wait.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(wait.getThread().getJavaName()).isEqualTo(group + "/waiter");
        assertThat(wait.getStackTrace()).isNotNull();
        assertThat(wait.getFields().stream().map(f -> f.getName())).contains("primitive", "name", "owner");
        // The uncontended acquire, earlier in the same thread, recorded nothing.
        assertThat(matching("dev.weft.ContendedWait", e -> (id + "-free").equals(e.getString("name"))))
                .isEmpty();
    }

    @Test
    void contendedWait_join_primitiveTaskNamedAfterTheJoinedTask_noOwner() throws Exception {
        String group = id + "-j";
        Event release = new Event();
        AtomicReference<Thread> joiner = new AtomicReference<>();
        TaskGroup.run(group, tg -> {
            Task<Object> slow = tg.fork(id + "-slow", () -> {
                release.await();
                return null;
            });
            tg.fork("joiner", () -> {
                joiner.set(Thread.currentThread());
                return slow.join();
            });
            spinUntil(() -> joiner.get() != null && joiner.get().getState() == Thread.State.WAITING);
            release.set();
            return null;
        });
        RecordedEvent wait = awaitEvent(
                "dev.weft.ContendedWait",
                e -> (id + "-slow").equals(e.getString("name"))
                        && e.getThread() != null
                        && (group + "/joiner").equals(e.getThread().getJavaName()));
        assertThat(wait.getString("primitive")).isEqualTo("Task");
        assertThat(wait.getString("owner")).isEmpty();
    }

    @Test
    void deadlock_twoTasksOppositeOrder_oneThrows_eventCarriesTheCycle() throws Exception {
        String group = id + "-d";
        Lock a = new Lock(id + "-a");
        Lock b = new Lock(id + "-b");
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Queue<DeadlockException> thrown = new ConcurrentLinkedQueue<>();
        TaskGroup.run(group, tg -> {
            tg.fork("t1", () -> lockBoth(a, b, bothHoldOne, thrown));
            tg.fork("t2", () -> lockBoth(b, a, bothHoldOne, thrown));
            return null;
        });
        assertThat(thrown).hasSize(1);
        String cycle = thrown.peek().getMessage();
        RecordedEvent dl = awaitEvent("dev.weft.Deadlock", e -> cycle.equals(e.getString("cycle")));
        assertThat(cycle).contains("Lock '" + id + "-a'", "Lock '" + id + "-b'");
        assertThat(dl.getStackTrace()).isNotNull();
    }

    private static Object lockBoth(Lock first, Lock second, CountDownLatch bothHoldOne, Queue<DeadlockException> thrown)
            throws InterruptedException {
        first.acquire();
        try {
            bothHoldOne.countDown();
            bothHoldOne.await();
            try {
                second.acquire();
                second.release();
            } catch (DeadlockException e) {
                thrown.add(e);
            }
        } finally {
            first.release();
        }
        return null;
    }

    private RecordedEvent awaitEvent(String type, Predicate<RecordedEvent> which) {
        AtomicReference<RecordedEvent> found = new AtomicReference<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<RecordedEvent> m = matching(type, which);
            if (m.isEmpty()) {
                return false;
            }
            found.set(m.get(0));
            return true;
        });
        return found.get();
    }

    private List<RecordedEvent> matching(String type, Predicate<RecordedEvent> which) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type))
                .filter(which)
                .toList();
    }
}
