// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation carries a reason (README "Weft in a service", issue 16): the InterruptedException of every
 * blocking call of a cancelled task and its joiner's CancellationException say which task was
 * cancelled and why; TaskGroupException names the first failure and how many tasks it
 * cancelled.
 */
@Timeout(60)
class CancelReasonTest {

    /** A task that records the InterruptedException its blocking call got. */
    private static Task<Object> sleeper(TaskGroup tg, String name, AtomicReference<Throwable> seen, CountDownLatch up) {
        return tg.fork(name, () -> {
            up.countDown();
            try {
                return TaskGroupTest.sleepForever();
            } catch (InterruptedException e) {
                seen.set(e);
                throw e;
            }
        });
    }

    @Test
    void cancelWithReason_taskAndJoinerCarryIt() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(1);
        Task<Object> t;
        try (var tg = TaskGroup.open()) {
            t = sleeper(tg, "worker", seen, up);
            up.await();
            tg.cancel("shutdown");
            tg.join(); // a cancelled group ends quietly
        }
        String expected = "Task 'worker' was cancelled: cancelled by TaskGroup.cancel: shutdown";
        assertThat(seen.get()).isInstanceOf(InterruptedException.class).hasMessage(expected);
        assertThatThrownBy(t::join).isInstanceOf(CancellationException.class).hasMessage(expected);
    }

    @Test
    void cancel_nullReason_throwsNullPointerException() throws Exception {
        TaskGroup.run(tg -> {
            assertThatThrownBy(() -> tg.cancel(null)).isInstanceOf(NullPointerException.class);
            assertThat(tg.isCancelled()).isFalse();
            return null;
        });
    }

    @Test
    void cancel_secondReason_changesNothing() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(1);
        TaskGroup.run(tg -> {
            sleeper(tg, "worker", seen, up);
            up.await();
            tg.cancel("first");
            tg.cancel("second");
            tg.cancel();
            return null;
        });
        assertThat(seen.get()).hasMessage("Task 'worker' was cancelled: cancelled by TaskGroup.cancel: first");
    }

    @Test
    void siblingFailure_cancelledTaskNamesTheSibling_groupCountsWhatItCancelled() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(2);
        assertThatThrownBy(() -> TaskGroup.run("fetch", tg -> {
                    sleeper(tg, "fetch-a", seen, up);
                    sleeper(tg, "fetch-c", new AtomicReference<>(), up);
                    up.await();
                    tg.fork("fetch-b", () -> {
                        throw new IOException("connection reset");
                    });
                    return null;
                }))
                .isInstanceOf(TaskGroupException.class)
                .hasMessage("TaskGroup 'fetch' failed (1 failure; 2 tasks cancelled because of it); "
                        + "first: task 'fetch-b' threw java.io.IOException: connection reset");
        assertThat(seen.get())
                .hasMessage("Task 'fetch-a' was cancelled: "
                        + "sibling 'fetch-b' failed: java.io.IOException: connection reset");
    }

    @Test
    void waitForDeadline_taskInside_namesTheDeadline() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        assertThatThrownBy(() -> Weft.waitFor(
                        Duration.ofMillis(50),
                        () -> TaskGroup.run(tg -> {
                            sleeper(tg, "slow", seen, new CountDownLatch(1));
                            return null;
                        })))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("waitFor(PT0.05S) timed out; its body was cancelled");
        assertThat(seen.get()).hasMessage("Task 'slow' was cancelled: deadline of waitFor(PT0.05S) passed");
    }

    @Test
    void closeBeforeJoin_taskNamesTheGroup() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(1);
        try (var tg = TaskGroup.open("req")) {
            sleeper(tg, "handler", seen, up);
            up.await();
        }
        assertThat(seen.get()).hasMessage("Task 'handler' was cancelled: group 'req' was closed before join()");
    }

    @Test
    void taskCancel_joinerSaysSo() throws Exception {
        TaskGroup.run(tg -> {
            Task<Object> t = tg.fork("victim", TaskGroupTest::sleepForever);
            t.cancel();
            assertThatThrownBy(t::join)
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("Task 'victim' was cancelled: Task.cancel() was called");
            assertThatThrownBy(t::get)
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("Task 'victim' was cancelled: Task.cancel() was called");
            return null;
        });
    }

    @Test
    void openerInterrupted_tasksSaySo() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch up = new CountDownLatch(1);
        Thread opener = Thread.ofPlatform().start(() -> {
            try {
                TaskGroup.run("job", tg -> {
                    sleeper(tg, "step", seen, up);
                    return null;
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        up.await();
        await().until(() -> opener.getState() == Thread.State.WAITING);
        opener.interrupt();
        opener.join();
        assertThat(seen.get()).hasMessage("Task 'step' was cancelled: the opener of group 'job' was interrupted");
        assertThat(outcome.get())
                .isInstanceOf(InterruptedException.class)
                .hasMessage("TaskGroup 'job' was cancelled: its opener was interrupted");
    }
}
