// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Barrier;
import dev.weft.DeadlockException;
import dev.weft.Guard;
import dev.weft.Lock;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Two tasks take two locks in opposite orders, and each ends up waiting for the lock the other
 * holds: the classic deadlock. Weft knows who holds each lock, so instead of hanging, the task
 * whose wait would close the cycle gets a {@link DeadlockException} naming it, backs off, and
 * the other finishes. Under {@code -Dweft.lockOrder=check} (which {@code exec:java} and the
 * tests set for the examples), Weft also reports the inverted order on a run where the two
 * tasks never overlapped and nothing hung. The fix is one fixed lock order for everyone.
 */
public final class Deadlock {

    /**
     * What happened: how many tasks got DeadlockException and how many finished, with opposite
     * orders; whether lock-order checking was on for the run that did not hang; how many
     * transfers finished with one fixed order.
     */
    public record Outcome(
            int deadlockExceptions, int finishedInOppositeOrder, boolean lockOrderChecked, int finishedInFixedOrder) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Lock accountA = new Lock("account-A");
        Lock accountB = new Lock("account-B");

        boolean checked = "check".equals(System.getProperty("weft.lockOrder"));
        out.println("1. opposite orders one after the other: nothing hangs, but the order is inverted");
        TaskGroup.run("one-by-one", tg -> {
            tg.fork("task-1", () -> transferInOrder("task-1", accountA, accountB, out))
                    .join();
            tg.fork("task-2", () -> transferInOrder("task-2", accountB, accountA, out))
                    .join();
            return null;
        });
        out.println(
                checked
                        ? "  -Dweft.lockOrder=check reported the inversion (the WARN 'lock order inversion' above)"
                        : "  run with -Dweft.lockOrder=check and Weft reports this inversion before it ever hangs");

        out.println("2. opposite orders at the same time: task-1 takes A then B, task-2 takes B then A");
        Barrier bothHoldOne = new Barrier(2); // makes sure each holds its first lock before asking for the second
        int[] opposite = TaskGroup.run("transfers", tg -> {
            Task<Boolean> t1 = tg.fork("task-1", () -> transfer("task-1", accountA, accountB, bothHoldOne, out));
            Task<Boolean> t2 = tg.fork("task-2", () -> transfer("task-2", accountB, accountA, bothHoldOne, out));
            int finished = (t1.join() ? 1 : 0) + (t2.join() ? 1 : 0);
            return new int[] {2 - finished, finished};
        });

        out.println("3. one fixed order: both tasks take A then B");
        int fixed = TaskGroup.run("fixed", tg -> {
            Task<Boolean> t1 = tg.fork("task-1", () -> transferInOrder("task-1", accountA, accountB, out));
            Task<Boolean> t2 = tg.fork("task-2", () -> transferInOrder("task-2", accountA, accountB, out));
            return (t1.join() ? 1 : 0) + (t2.join() ? 1 : 0);
        });
        out.printf(
                "deadlocks detected: %d with opposite orders, none with a fixed order (%d of 2 transfers done)%n",
                opposite[0], fixed);
        return new Outcome(opposite[0], opposite[1], checked, fixed);
    }

    /** Takes {@code first}, then {@code second}; false if Weft found that waiting would deadlock. */
    private static boolean transfer(String task, Lock first, Lock second, Barrier bothHoldOne, PrintStream out)
            throws Exception {
        try (Guard g1 = first.hold()) {
            bothHoldOne.await();
            try (Guard g2 = second.hold()) {
                out.printf("  %s got %s and %s: transfer done%n", task, name(first), name(second));
                return true;
            } catch (DeadlockException e) {
                out.printf(
                        "  %s: DeadlockException: %s%n  %s backs off (releases its lock)%n",
                        task, e.getMessage(), task);
                return false;
            }
        }
    }

    private static boolean transferInOrder(String task, Lock first, Lock second, PrintStream out)
            throws InterruptedException {
        try (Guard g1 = first.hold();
                Guard g2 = second.hold()) {
            Weft.sleep(Duration.ofMillis(20)); // the transfer
            out.printf("  %s took %s then %s: transfer done%n", task, name(first), name(second));
            return true;
        }
    }

    private static String name(Lock lock) {
        String s = lock.toString();
        return s.substring(0, s.indexOf('['));
    }

    private Deadlock() {}
}
