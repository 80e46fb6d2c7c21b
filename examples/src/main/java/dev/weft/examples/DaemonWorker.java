// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.TaskGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A background worker that lives as long as the program's work, like Python's
 * {@code threading.Thread(target=worker, daemon=True)}: {@link TaskGroup#forkDaemon} starts it,
 * and the group stops it (cancels it and waits for it) once the body and the other tasks have
 * ended, so it never outlives the group and never has to be told to stop. Here the daemon
 * drains a queue of log lines while three jobs write to it.
 */
public final class DaemonWorker {

    /** What the daemon wrote, and how it ended. */
    public record Outcome(int linesWritten, boolean daemonCancelled, boolean daemonAlive) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Queue<String> lines = new Queue<>();
        AtomicInteger written = new AtomicInteger();
        Thread[] daemonThread = new Thread[1];
        Task<Void> daemon = TaskGroup.run("app", tg -> {
            Task<Void> writer = tg.forkDaemon("log-writer", () -> {
                daemonThread[0] = Thread.currentThread();
                while (true) { // no stop flag: the group ends it
                    out.println("  log-writer: " + lines.get());
                    written.incrementAndGet();
                    lines.taskDone();
                }
            });
            TaskGroup.run(
                    "jobs",
                    jobs -> { // the jobs, in a group of their own: all done after it
                        for (int job = 1; job <= 3; job++) {
                            int n = job;
                            jobs.fork("job-" + n, () -> {
                                lines.put("job " + n + " done");
                                return null;
                            });
                        }
                        return null;
                    });
            lines.join(); // every line written (the writer marks each one done)
            out.println("main: the jobs are done; the group now stops its daemon");
            return writer;
        });
        out.println("main: log-writer ended " + daemon.state() + " after " + written.get() + " lines");
        return new Outcome(written.get(), daemon.isCancelled(), daemonThread[0].isAlive());
    }

    private DaemonWorker() {}
}
