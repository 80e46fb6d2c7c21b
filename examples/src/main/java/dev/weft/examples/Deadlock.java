// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Barrier;
import dev.weft.Guard;
import dev.weft.Lock;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Two tasks take two locks in opposite orders, and each ends up waiting for the lock the other
 * holds: a deadlock. {@link Lock#tryAcquire(Duration)} detects it (the wait times out) so the
 * task can back off; the fix is one fixed lock order for everyone.
 */
public final class Deadlock {

    /** How many tasks detected a deadlock, and how many finished their transfer, per version. */
    public record Outcome(int detectedInOppositeOrder, int finishedInOppositeOrder, int finishedInFixedOrder) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Lock accountA = new Lock();
        Lock accountB = new Lock();

        out.println("opposite orders: task-1 takes A then B, task-2 takes B then A");
        Barrier bothHoldOne = new Barrier(2); // makes sure each holds its first lock before trying the second
        int[] opposite = TaskGroup.run(tg -> {
            Task<Boolean> t1 =
                    tg.fork("task-1", () -> transfer("task-1", accountA, "A", accountB, "B", bothHoldOne, out));
            Task<Boolean> t2 =
                    tg.fork("task-2", () -> transfer("task-2", accountB, "B", accountA, "A", bothHoldOne, out));
            int finished = (t1.join() ? 1 : 0) + (t2.join() ? 1 : 0);
            return new int[] {2 - finished, finished};
        });

        out.println("fixed order: both tasks take A then B");
        int fixed = TaskGroup.run(tg -> {
            Task<Boolean> t1 = tg.fork("task-1", () -> transferInOrder("task-1", accountA, accountB, out));
            Task<Boolean> t2 = tg.fork("task-2", () -> transferInOrder("task-2", accountA, accountB, out));
            return (t1.join() ? 1 : 0) + (t2.join() ? 1 : 0);
        });
        out.printf(
                "deadlocks detected: %d with opposite orders, none with a fixed order (%d of 2 transfers done)%n",
                opposite[0], fixed);
        return new Outcome(opposite[0], opposite[1], fixed);
    }

    /** Takes {@code first}, then tries {@code second} for 200 ms; false if that timed out. */
    private static boolean transfer(
            String task,
            Lock first,
            String firstName,
            Lock second,
            String secondName,
            Barrier bothHoldOne,
            PrintStream out)
            throws Exception {
        try (Guard g1 = first.hold()) {
            bothHoldOne.await();
            if (!second.tryAcquire(Duration.ofMillis(200))) {
                out.printf(
                        "  %s holds %s, waited 200 ms for %s: deadlock detected, backing off%n",
                        task, firstName, secondName);
                return false;
            }
            try {
                out.printf("  %s got %s and %s: transfer done%n", task, firstName, secondName);
                return true;
            } finally {
                second.release();
            }
        }
    }

    private static boolean transferInOrder(String task, Lock a, Lock b, PrintStream out) throws InterruptedException {
        try (Guard ga = a.hold();
                Guard gb = b.hold()) {
            Weft.sleep(Duration.ofMillis(20)); // the transfer
            out.printf("  %s got A and B: transfer done%n", task);
            return true;
        }
    }

    private Deadlock() {}
}
