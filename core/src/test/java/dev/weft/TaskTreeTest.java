// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 / README "Debugging a running service": {@link Weft#taskTree()} lists every live
 * group and task with its state, age, cancellation reason and what a blocked task waits on.
 */
@Timeout(60)
class TaskTreeTest {

    /** The node named {@code name} anywhere in the tree, if any. */
    private static Optional<TaskTree.Node> find(TaskTree tree, String name) {
        List<TaskTree.Node> todo = new ArrayList<>(tree.roots());
        while (!todo.isEmpty()) {
            TaskTree.Node n = todo.remove(todo.size() - 1);
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
            todo.addAll(n.children());
        }
        return Optional.empty();
    }

    private static TaskTree.Node node(String name) {
        return find(Weft.taskTree(), name).orElseThrow(() -> new AssertionError(name + " not in\n" + Weft.taskTree()));
    }

    private static void awaitState(String name, String state) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> find(Weft.taskTree(), name)
                        .map(n -> n.state().equals(state))
                        .orElse(false));
    }

    @Test
    void blockedTasks_showWhatTheyWaitOn_primitiveNameAndHolder() throws Exception {
        Lock accounts = new Lock("accounts");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        TaskGroup.run("checkout", tg -> {
            Task<Void> holder = tg.fork("holder", () -> {
                try (Guard g = accounts.hold()) {
                    holding.countDown();
                    release.await();
                }
                return null;
            });
            holding.await();
            tg.fork("blocked", () -> {
                try (Guard g = accounts.hold()) {
                    return null;
                }
            });
            tg.fork("joiner", () -> holder.join());
            Event never = new Event("shutdown");
            Task<Void> eventWaiter = tg.fork("on-event", () -> {
                never.await();
                return null;
            });
            Semaphore pool = new Semaphore(0, "pool");
            Task<Void> semWaiter = tg.fork("on-semaphore", () -> {
                pool.acquire();
                return null;
            });
            awaitState("blocked", "waiting");
            awaitState("joiner", "waiting");
            awaitState("on-event", "waiting");
            awaitState("on-semaphore", "waiting");

            TaskTree tree = Weft.taskTree();
            TaskTree.Node group = find(tree, "checkout").orElseThrow();
            assertThat(group.kind()).isEqualTo("group");
            assertThat(group.children())
                    .extracting(TaskTree.Node::name)
                    .containsExactly("holder", "blocked", "joiner", "on-event", "on-semaphore");
            assertThat(node("blocked").waitingOn())
                    .hasValueSatisfying(
                            w -> assertThat(w).startsWith("Lock 'accounts'[locked by task 'checkout/holder'"));
            assertThat(node("joiner").waitingOn()).hasValue("join of Task 'holder'");
            assertThat(node("on-event").waitingOn()).hasValue("Event 'shutdown'[unset]");
            assertThat(node("on-semaphore").waitingOn())
                    .hasValueSatisfying(w -> assertThat(w).startsWith("Semaphore 'pool'[permits=0"));
            assertThat(node("holder").kind()).isEqualTo("task");
            assertThat(node("holder").age()).isPositive();
            assertThat(tree.toString())
                    .contains(
                            "(G) checkout [",
                            "(T) blocked [waiting, ",
                            " on Lock 'accounts'[locked by task 'checkout/holder'");

            eventWaiter.cancel();
            semWaiter.cancel();
            release.countDown();
            return null;
        });
        assertThat(find(Weft.taskTree(), "checkout")).isEmpty();
    }

    @Test
    void cancelledTask_showsCancellingAndTheReason() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        TaskGroup.run("reasons", tg -> {
            Task<Void> t = tg.fork("ignores-interrupts", () -> {
                started.countDown();
                // swallows cancellation until released: a task that is slow to stop
                while (stuck.getCount() > 0) {
                    LockSupport.parkNanos(1_000_000L);
                }
                return null;
            });
            started.await();
            t.cancel();
            TaskTree.Node n = node("ignores-interrupts");
            assertThat(n.state()).isEqualTo("cancelling");
            assertThat(n.cancelReason()).hasValueSatisfying(r -> assertThat(r).contains("Task.cancel() was called"));
            stuck.countDown();
            return null;
        });
    }

    @Test
    void nestedGroups_appearUnderTheTaskThatOpenedThem_andDeadlinesAreShown() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TaskGroup.run("outer", tg -> {
            tg.fork(
                    "parent",
                    () -> TaskGroup.run("inner", inner -> {
                        inner.fork(
                                "leaf",
                                () -> Weft.waitFor(Duration.ofHours(1), () -> {
                                    release.await();
                                    return null;
                                }));
                        return null;
                    }));
            awaitState("leaf", "waiting");
            TaskTree.Node parent = node("parent");
            assertThat(parent.children()).singleElement().satisfies(g -> {
                assertThat(g.name()).isEqualTo("inner");
                assertThat(g.kind()).isEqualTo("group");
                assertThat(g.children()).extracting(TaskTree.Node::name).containsExactly("leaf");
            });
            assertThat(parent.waitingOn()).hasValue("end of TaskGroup 'inner'");
            assertThat(node("leaf").waitingOn())
                    .hasValueSatisfying(w -> assertThat(w).contains("waitFor deadline in "));
            assertThat(node("inner").state()).isEqualTo("joining");
            release.countDown();
            return null;
        });
    }

    @Test
    void toJson_hasEveryField_andEscapesNames() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TaskGroup.run("json \"quoted\"\n", tg -> {
            tg.fork("t\\1", () -> {
                release.await();
                return null;
            });
            awaitState("t\\1", "waiting");
            String json = Weft.taskTree().toJson();
            assertThat(json).startsWith("{\"roots\":[").endsWith("]}");
            assertThat(json)
                    .contains("\"name\":\"json \\\"quoted\\\"\\n\",\"kind\":\"group\",\"state\":\"running\"")
                    .doesNotContain("\"name\":\"json \"quoted");
            assertThat(json).contains("\"name\":\"t\\\\1\",\"kind\":\"task\",\"state\":\"waiting\",\"ageMillis\":");
            assertThat(json).contains("\"cancelReason\":null");
            release.countDown();
            return null;
        });
    }

    @Test
    void noGroups_emptyRoots() {
        // Other tests' groups have all ended (the tree lists only open groups of this JVM).
        TaskTree tree = new TaskTree(List.of());
        assertThat(tree.toString()).isEqualTo("(no task groups)");
        assertThat(tree.toJson()).isEqualTo("{\"roots\":[]}");
    }

    @Test
    void mxBean_isRegisteredOnceAGroupHasOpened_andServesTheTree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TaskGroup.run("jmx-visible", tg -> {
            tg.fork("served", () -> {
                release.await();
                return null;
            });
            awaitState("served", "waiting");
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.weft:type=Tasks");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.isRegistered(name));
            assertThat((String) server.getAttribute(name, "Tree")).contains("(G) jmx-visible", "(T) served [waiting");
            assertThat((String) server.getAttribute(name, "Json")).contains("\"name\":\"served\"");
            assertThat((Integer) server.getAttribute(name, "TaskCount")).isPositive();
            release.countDown();
            return null;
        });
    }

    @Test
    void primitiveNames_inToString_andNullNamesRejected() {
        assertThat(new Lock("a").toString()).isEqualTo("Lock 'a'[unlocked]");
        assertThat(new Lock().toString()).isEqualTo("Lock[unlocked]");
        assertThat(new RLock("r").toString()).isEqualTo("RLock 'r'[unlocked]");
        assertThat(new Semaphore(2, "s").toString()).isEqualTo("Semaphore 's'[permits=2]");
        assertThat(new BoundedSemaphore(1, "b").toString()).isEqualTo("BoundedSemaphore 'b'[permits=1]");
        assertThat(new Event("e").toString()).isEqualTo("Event 'e'[unset]");
        org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(() -> new Lock(null));
        org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(() -> new Event(null));
        org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(() -> new Semaphore(1, null));
    }

    @Test
    void blockedTask_parksOnThePublicPrimitive_soThreadDumpsNameIt() throws Exception {
        Lock lock = new Lock("dumped");
        Queue<String> queue = new Queue<>(1);
        lock.acquire();
        try {
            TaskGroup.run(tg -> {
                TaskThreads threads = new TaskThreads();
                Thread lockThread = threads.forkAndGetThread(tg, () -> {
                    lock.acquire();
                    lock.release();
                    return null;
                });
                Thread queueThread = threads.forkAndGetThread(tg, queue::get);
                await().atMost(Duration.ofSeconds(30)).until(() -> LockSupport.getBlocker(lockThread) == lock);
                await().atMost(Duration.ofSeconds(30)).until(() -> LockSupport.getBlocker(queueThread) == queue);
                lock.release();
                queue.put("x");
                return null;
            });
        } finally {
            if (lock.isLocked()) {
                lock.release();
            }
        }
    }

    @Test
    void heldLock_toStringNamesTheHolder() throws Exception {
        Lock lock = new Lock("held");
        lock.acquire();
        try {
            assertThat(lock.toString())
                    .isEqualTo("Lock 'held'[locked by thread '"
                            + Thread.currentThread().getName() + "']");
        } finally {
            lock.release();
        }
    }
}
