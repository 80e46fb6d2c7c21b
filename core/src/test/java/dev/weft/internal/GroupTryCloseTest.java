// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.weft.Task;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        AtomicReference<Set<String>> during = new AtomicReference<>();
        try {
            g.fork(
                    null,
                    () -> g.fork(null, () -> {
                                inner.set(Thread.currentThread());
                                during.set(liveThreadNames());
                                return 1;
                            })
                            .get());
            g.join();
        } finally {
            g.close();
        }
        assertThat(inner.get().isAlive()).isFalse();
        // The dump sees the group's virtual threads while it runs (so the check below can fail):
        // the inner task, and on the sts engine the fork server its fork went through.
        assertThat(during.get()).contains("nested-forks/task-2");
        if (Engines.current().name().equals("sts")) {
            assertThat(during.get()).contains("nested-forks/forks");
        }
        // The server closes the group and ends with it: no thread named after the group is left.
        assertThat(liveThreadNames()).noneMatch(n -> n.startsWith("nested-forks"));
    }

    /**
     * The names of every live thread, virtual ones included, from the JVM's own thread dump
     * ({@code Thread.getAllStackTraces()} lists platform threads only).
     */
    private static Set<String> liveThreadNames() throws IOException {
        Path file = Files.createTempFile("weft-threads", ".json");
        Files.delete(file); // dumpThreads refuses to overwrite
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher m = Pattern.compile("\"name\": \"([^\"]*)\"").matcher(Files.readString(file));
            Set<String> names = new HashSet<>();
            while (m.find()) {
                names.add(m.group(1).replace("\\/", "/")); // the dump escapes '/'
            }
            return names;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
