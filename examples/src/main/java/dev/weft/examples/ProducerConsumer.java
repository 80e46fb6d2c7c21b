// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Queue;
import dev.weft.QueueShutdownException;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Workers taking jobs from a bounded {@link Queue}: asyncio's producer/consumer with
 * {@code task_done()} and {@code join()}. The workers are stopped two ways: first with poison
 * pills (one per worker, the pre-3.13 idiom; Weft queues refuse null, so the pill is a
 * sentinel), then with {@code shutdown()} (asyncio 3.13): gets drain what is left, then throw
 * {@link QueueShutdownException}, which ends each worker's loop.
 */
public final class ProducerConsumer {

    /** How many jobs each way produced and processed. */
    public record Outcome(int produced, List<Integer> processedWithPills, List<Integer> processedWithShutdown) {}

    static final int JOBS = 20;
    static final int WORKERS = 3;
    private static final Integer PILL = -1;

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        out.println("1) poison pills");
        ConcurrentLinkedQueue<Integer> withPills = new ConcurrentLinkedQueue<>();
        Queue<Integer> queue = new Queue<>(5); // bounded: the producer waits when workers fall behind
        TaskGroup.run(tg -> {
            for (int w = 1; w <= WORKERS; w++) {
                String name = "worker-" + w;
                tg.fork(name, () -> {
                    while (true) {
                        Integer job = queue.get();
                        try {
                            if (job.equals(PILL)) {
                                out.println("  " + name + ": got a pill, exiting");
                                return null;
                            }
                            process(job, withPills);
                        } finally {
                            queue.taskDone();
                        }
                    }
                });
            }
            for (int job = 1; job <= JOBS; job++) {
                queue.put(job);
            }
            queue.join(); // every job put so far has been marked done
            out.println("  queue.join() returned: all " + JOBS + " jobs done");
            for (int w = 0; w < WORKERS; w++) {
                queue.put(PILL);
            }
            return null;
        });

        out.println("2) shutdown()");
        ConcurrentLinkedQueue<Integer> withShutdown = new ConcurrentLinkedQueue<>();
        Queue<Integer> jobs = new Queue<>(5);
        TaskGroup.run(tg -> {
            for (int w = 1; w <= WORKERS; w++) {
                String name = "worker-" + w;
                tg.fork(name, () -> {
                    try {
                        while (true) {
                            Integer job = jobs.get(); // throws once shut down and drained
                            process(job, withShutdown);
                            jobs.taskDone();
                        }
                    } catch (QueueShutdownException e) {
                        out.println("  " + name + ": queue shut down and empty, exiting");
                        return null;
                    }
                });
            }
            for (int job = 1; job <= JOBS; job++) {
                jobs.put(job);
            }
            jobs.shutdown(); // no more puts; the workers finish what is queued
            jobs.join();
            out.println("  queue.join() returned: all " + JOBS + " jobs done");
            return null;
        });
        out.printf("processed %d jobs with pills, %d with shutdown()%n", withPills.size(), withShutdown.size());
        return new Outcome(JOBS, List.copyOf(withPills), List.copyOf(withShutdown));
    }

    private static void process(int job, ConcurrentLinkedQueue<Integer> done) throws InterruptedException {
        Weft.sleep(Duration.ofMillis(10)); // the work
        done.add(job);
    }

    private ProducerConsumer() {}
}
