// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Guard;
import dev.weft.Lock;
import dev.weft.TaskGroup;
import java.io.PrintStream;

/**
 * {@code counter += 1} from many tasks, without and with a {@link Lock}: the classic race
 * condition of the threading and asyncio tutorials. Reading the counter, yielding (as
 * {@code await asyncio.sleep(0)} does), and writing it back lets another task's update slip in
 * between, and be overwritten. Holding a lock around the read-modify-write makes it exact.
 */
public final class RaceCondition {

    /** The expected count and what each version ended with. */
    public record Outcome(int expected, int withoutLock, int withLock) {}

    static final int TASKS = 50;
    static final int INCREMENTS = 200;

    private static int counter; // shared, deliberately unprotected in the first run

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        int expected = TASKS * INCREMENTS;

        counter = 0;
        TaskGroup.run(tg -> {
            for (int t = 0; t < TASKS; t++) {
                tg.fork(() -> {
                    for (int i = 0; i < INCREMENTS; i++) {
                        int read = counter;
                        Thread.yield(); // let other tasks run between the read and the write
                        counter = read + 1;
                    }
                    return null;
                });
            }
            return null;
        });
        int withoutLock = counter;
        out.printf(
                "without a lock: %,d (expected %,d; %,d updates lost)%n",
                withoutLock, expected, expected - withoutLock);

        counter = 0;
        Lock lock = new Lock();
        TaskGroup.run(tg -> {
            for (int t = 0; t < TASKS; t++) {
                tg.fork(() -> {
                    for (int i = 0; i < INCREMENTS; i++) {
                        try (Guard g = lock.hold()) { // async with lock:
                            int read = counter;
                            Thread.yield();
                            counter = read + 1;
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        int withLock = counter;
        out.printf("with a lock:    %,d (expected %,d)%n", withLock, expected);
        return new Outcome(expected, withoutLock, withLock);
    }

    private RaceCondition() {}
}
