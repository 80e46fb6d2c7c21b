// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Barrier;
import dev.weft.Condition;
import dev.weft.Guard;
import dev.weft.Lock;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Two rendezvous primitives. A {@link Condition} (the tutorials' {@code data_ready}): consumers
 * wait, holding the lock, until the producer has published data and signalled. A
 * {@link Barrier}: workers compute in phases, and none starts phase N+1 before all have
 * finished phase N.
 */
public final class ConditionAndBarrier {

    /** What each consumer received, and how often a worker started a phase too early. */
    public record Outcome(List<String> received, int phases, int earlyStarts) {}

    private static String data; // guarded by the lock

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        out.println("Condition: data_ready");
        Lock lock = new Lock();
        Condition dataReady = new Condition(lock);
        data = null;
        List<String> received = TaskGroup.run(tg -> {
            List<Task<String>> consumers = new ArrayList<>();
            for (int c = 1; c <= 3; c++) {
                String name = "consumer-" + c;
                consumers.add(tg.fork(name, () -> {
                    try (Guard g = lock.hold()) {
                        out.println("  " + name + " waits for data");
                        dataReady.awaitUntil(() -> data != null); // releases the lock while waiting
                        out.println("  " + name + " got: " + data);
                        return data;
                    }
                }));
            }
            Weft.sleep(Duration.ofMillis(100)); // the producer prepares the data
            try (Guard g = lock.hold()) {
                data = "42 rows";
                out.println("  producer: data ready, signalAll()");
                dataReady.signalAll();
            }
            List<String> got = new ArrayList<>();
            for (Task<String> c : consumers) {
                got.add(c.join());
            }
            return got;
        });

        out.println("Barrier: 4 workers, 3 phases");
        int workers = 4;
        int phases = 3;
        Barrier barrier = new Barrier(workers);
        AtomicIntegerArray finished = new AtomicIntegerArray(phases);
        AtomicInteger early = new AtomicInteger();
        TaskGroup.run(tg -> {
            for (int w = 1; w <= workers; w++) {
                int id = w;
                tg.fork("worker-" + id, () -> {
                    for (int phase = 0; phase < phases; phase++) {
                        if (phase > 0 && finished.get(phase - 1) != workers) {
                            early.incrementAndGet(); // would mean the barrier let someone through too soon
                        }
                        Weft.sleep(Duration.ofMillis(10L * id)); // uneven work
                        finished.incrementAndGet(phase);
                        if (barrier.await() == workers - 1) { // the last to arrive reports
                            out.printf("  phase %d: all %d workers done%n", phase + 1, workers);
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        return new Outcome(received, phases, early.get());
    }

    private ConditionAndBarrier() {}
}
