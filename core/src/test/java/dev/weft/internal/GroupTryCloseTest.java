// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Group#tryClose()}, through which an engine's helper thread (the {@code sts} engine's fork
 * server) closes a group as soon as its last task has ended: it closes only what the opener's own
 * wait would close, and a fork after it is refused as after any group's end. Runs under both
 * engines, as every core test does.
 */
@Timeout(60)
class GroupTryCloseTest {

    @Test
    void tryClose_whileTheOpenerHasNotJoined_isRefused_andTheGroupStillTakesForks() throws Exception {
        Group g = Group.open("open", Group.Mode.STRICT);
        try {
            assertThat(g.tryClose()).isFalse(); // the opener's own unit is live until it joins
            Task<Integer> t = g.fork(null, () -> 1);
            g.join();
            assertThat(t.resultNow()).isEqualTo(1);
        } finally {
            g.close();
        }
    }

    @Test
    void tryClose_whileATaskRuns_isRefused_andOnceTheGroupHasEnded_reportsItClosed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Group> group = new AtomicReference<>();
        CompletableFuture<Void> opener = CompletableFuture.runAsync(() -> {
            Group g = Group.open("one-task", Group.Mode.STRICT);
            group.set(g);
            g.fork(null, () -> {
                release.await();
                return null;
            });
            try {
                g.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                g.close();
            }
        });
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> group.get() != null && group.get().openerWaiting());
        Group g = group.get();

        assertThat(g.tryClose()).isFalse(); // the task's unit is live
        assertThat(g.isEnded()).isFalse();
        release.countDown();
        opener.get(30, TimeUnit.SECONDS);

        assertThat(g.tryClose()).isTrue();
        assertThatThrownBy(() -> g.fork(null, () -> 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has ended");
    }

    @Test
    void tasksForkedByTasks_groupEnds_leavesNoThreadOfItsOwnAlive() throws Exception {
        Group g = Group.open("nested-forks", Group.Mode.STRICT);
        AtomicReference<Thread> inner = new AtomicReference<>();
        try {
            g.fork(
                    null,
                    () -> g.fork(null, () -> {
                                inner.set(Thread.currentThread());
                                return 1;
                            })
                            .get());
            g.join();
        } finally {
            g.close();
        }
        assertThat(inner.get().isAlive()).isFalse();
        // On the sts engine the tasks a task forks go through the group's fork server, which
        // closes the group and ends with it: no thread named after the group is left.
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("nested-forks"));
    }
}
