// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs every example, one after another, each under a heading. Run one alone with its own
 * {@code main} (for example {@code -Dexec.mainClass=dev.weft.examples.Timeouts}).
 */
public final class Tour {

    /** An example's {@code run(PrintStream)} method. */
    @FunctionalInterface
    interface Example {
        Object run(PrintStream out) throws Exception;
    }

    /** One stop of the tour: its title, the idea it shows, and how to run it. */
    record Stop(String title, String idea, Example example) {}

    static final List<Stop> STOPS = List.of(
            new Stop("ConcurrentFetch", "sequential fetches vs Weft.gather", ConcurrentFetch::run),
            new Stop("AsCompletedFetch", "handle fetches as they finish, failures per URL", AsCompletedFetch::run),
            new Stop("RaceCondition", "counter += 1 from many tasks, without and with a Lock", RaceCondition::run),
            new Stop(
                    "ProducerConsumer",
                    "workers on a Queue: taskDone/join, poison pills, shutdown()",
                    ProducerConsumer::run),
            new Stop("RateLimiting", "100 requests through a Semaphore(10)", RateLimiting::run),
            new Stop("Timeouts", "Weft.waitFor and Weft.moveOnAfter", Timeouts::run),
            new Stop("TaskGroupFailure", "one failure cancels the siblings", TaskGroupFailure::run),
            new Stop("EventStop", "a background worker stopped by an Event", EventStop::run),
            new Stop("Deadlock", "opposite lock orders, detected with tryAcquire, fixed by one order", Deadlock::run),
            new Stop(
                    "ParallelWordCount",
                    "CPU-bound work in parallel, progress with asCompleted",
                    ParallelWordCount::run),
            new Stop("PriorityTaskManager", "jobs by priority through a PriorityQueue", PriorityTaskManager::run),
            new Stop(
                    "ConditionAndBarrier",
                    "data_ready with a Condition, phases with a Barrier",
                    ConditionAndBarrier::run),
            new Stop("GatherSettled", "results and errors side by side", GatherSettled::run),
            new Stop("MixedIoAndCpu", "fetch on virtual threads, hash with Weft.toThread", MixedIoAndCpu::run),
            new Stop("DaemonWorker", "a daemon=True background worker, stopped by its group", DaemonWorker::run),
            new Stop("TaskLocal", "threading.local() and contextvars: per-task state", TaskLocal::run),
            new Stop(
                    "ServiceFanOut",
                    "an HTTP service: a TaskGroup per request under the client's deadline, MDC in every task",
                    ServiceFanOut::run));

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs every stop; returns how many ran. */
    public static int run(PrintStream out) throws Exception {
        int n = 0;
        for (Stop stop : STOPS) {
            out.printf("%n=== %d. %s: %s ===%n", ++n, stop.title(), stop.idea());
            stop.example().run(out);
        }
        out.printf("%nTour done: %d examples.%n", n);
        return n;
    }

    private Tour() {}
}
