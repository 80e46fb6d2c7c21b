// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import static org.awaitility.Awaitility.await;

import dev.weft.Event;
import dev.weft.Lock;
import dev.weft.TaskGroup;
import dev.weft.TaskTree;
import dev.weft.Weft;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.management.ObjectName;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The JVM {@link WeftToolsTest} looks at (a child process: the JDK refuses to attach to itself).
 *
 * <p>With no argument it opens group {@code checkout} with three tasks: {@code holder} holds
 * {@code Lock 'accounts'} and waits on {@code Event 'release'}, {@code debit} waits for the
 * lock, {@code nap} is in {@code Weft.sleep}. Once the tree shows all three blocked so and the
 * MXBean {@code dev.weft:type=Tasks} is registered (unless {@code -Dweft.jmx=false}), it prints
 * {@code ready}. When its stdin
 * closes it releases the lock's holder, cancels the group and ends.
 *
 * <p>With {@code no-weft} it opens no group (so the MXBean is never registered), prints
 * {@code ready} and ends when its stdin closes.
 */
public final class TaskTreeChild {

    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private TaskTreeChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("no-weft")) {
            System.out.println("ready");
            awaitStdinClosed();
            return;
        }
        Lock accounts = new Lock("accounts");
        Event held = new Event("held");
        Event release = new Event("release");
        TaskGroup.run("checkout", tg -> {
            tg.fork("holder", () -> {
                accounts.acquire();
                try {
                    held.set();
                    release.await();
                } finally {
                    accounts.release();
                }
                return null;
            });
            held.await();
            tg.fork("debit", () -> {
                accounts.acquire();
                accounts.release();
                return null;
            });
            tg.fork("nap", () -> {
                Weft.sleep(Duration.ofHours(1));
                return null;
            });
            awaitReady();
            System.out.println("ready");
            awaitStdinClosed();
            release.set();
            tg.cancel("stdin closed");
            return null;
        });
        System.out.println("done");
    }

    /** Polls until the tree shows the three tasks blocked as planned and the MXBean is there. */
    private static void awaitReady() throws Exception {
        ObjectName mxbean = new ObjectName("dev.weft:type=Tasks");
        boolean jmx = !"false".equals(System.getProperty("weft.jmx"));
        try {
            await().atMost(READY_WITHIN)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> isReady(Weft.taskTree())
                            && (!jmx
                                    || ManagementFactory.getPlatformMBeanServer()
                                            .isRegistered(mxbean)));
        } catch (ConditionTimeoutException e) {
            System.out.println("not ready after " + READY_WITHIN + "; the tree:\n" + Weft.taskTree());
            System.exit(3);
        }
    }

    private static boolean isReady(TaskTree tree) {
        List<TaskTree.Node> roots = tree.roots();
        if (roots.size() != 1 || !roots.get(0).name().equals("checkout")) {
            return false;
        }
        List<TaskTree.Node> tasks = roots.get(0).children();
        return tasks.size() == 3
                && waiting(tasks.get(0), "holder", "Event 'release'")
                && waiting(tasks.get(1), "debit", "Lock 'accounts'")
                && waiting(tasks.get(2), "nap", null);
    }

    private static boolean waiting(TaskTree.Node task, String name, String on) {
        Optional<String> waitingOn = task.waitingOn();
        return task.name().equals(name)
                && task.state().equals("waiting")
                && (on == null || waitingOn.filter(w -> w.startsWith(on)).isPresent());
    }

    private static void awaitStdinClosed() throws IOException {
        while (System.in.read() != -1) {
            // what the test writes (nothing) is ignored
        }
    }
}
