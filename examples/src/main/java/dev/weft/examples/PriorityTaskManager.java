// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.PriorityQueue;
import dev.weft.QueueShutdownException;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs with priorities served by a pool of workers through a {@link PriorityQueue}: asyncio's
 * {@code PriorityQueue} fed {@code (priority, job)} tuples. A record ordered by priority plays
 * the tuple; the lowest number comes out first, whatever order the jobs were put in.
 */
public final class PriorityTaskManager {

    /** A job; 1 is the most urgent. Ordered by priority, then name. */
    public record Job(int priority, String name) implements Comparable<Job> {
        @Override
        public int compareTo(Job other) {
            int byPriority = Integer.compare(priority, other.priority);
            return byPriority != 0 ? byPriority : name.compareTo(other.name);
        }
    }

    /** The jobs put, and the jobs each worker took, in the order it took them. */
    public record Outcome(List<Job> submitted, Map<String, List<Job>> takenByWorker) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        List<Job> jobs = new ArrayList<>();
        String[] names = {
            "rotate logs",
            "fix outage",
            "send newsletter",
            "renew certificate",
            "reindex search",
            "refund customer",
            "compress images",
            "patch CVE",
            "update docs",
            "backup database"
        };
        int[] priorities = {5, 1, 4, 2, 4, 2, 5, 1, 3, 3};
        for (int i = 0; i < names.length; i++) {
            jobs.add(new Job(priorities[i], names[i]));
        }
        Collections.shuffle(jobs, new Random(7));

        PriorityQueue<Job> queue = new PriorityQueue<>();
        for (Job job : jobs) {
            queue.put(job);
            out.println("put  " + job);
        }
        queue.shutdown(); // nothing more will come; workers drain the queue, then stop

        Map<String, List<Job>> taken = new ConcurrentHashMap<>();
        TaskGroup.run(tg -> {
            for (int w = 1; w <= 3; w++) {
                String worker = "worker-" + w;
                List<Job> mine = Collections.synchronizedList(new ArrayList<>());
                taken.put(worker, mine);
                tg.fork(worker, () -> {
                    try {
                        while (true) {
                            Job job = queue.get(); // the most urgent job left
                            mine.add(job);
                            out.printf("  %s: P%d %s%n", worker, job.priority(), job.name());
                            Weft.sleep(Duration.ofMillis(20L * job.priority()));
                            queue.taskDone();
                        }
                    } catch (QueueShutdownException drained) {
                        return null;
                    }
                });
            }
            queue.join();
            return null;
        });
        out.println("every job done; each worker took its jobs most urgent first");
        return new Outcome(List.copyOf(jobs), Map.copyOf(taken));
    }

    private PriorityTaskManager() {}
}
