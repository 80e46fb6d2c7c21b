// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One failing task cancels its siblings: asyncio's {@code async with TaskGroup() as tg}, whose
 * first failure cancels the other tasks and then raises an {@code ExceptionGroup}. Weft throws
 * {@link TaskGroupException} once every task has ended; {@code failures()} lists what failed,
 * and each task's {@code state()} tells what became of it.
 */
public final class TaskGroupFailure {

    /** The group's report: the failures, and how every task ended. */
    public record Outcome(List<Throwable> failures, Map<String, Future.State> states) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        List<Task<String>> tasks = new ArrayList<>();
        List<Throwable> failures = List.of();
        try {
            TaskGroup.run("orders", tg -> {
                tasks.add(tg.fork("load-user", () -> "user 42")); // done before anything fails
                tasks.add(tg.fork("charge-card", () -> {
                    Weft.sleep(Duration.ofMillis(300));
                    throw new IllegalStateException("card declined");
                }));
                for (String name : List.of("send-email", "update-stock")) {
                    tasks.add(tg.fork(name, () -> slow(name, out)));
                }
                return null;
            });
        } catch (TaskGroupException e) {
            failures = e.failures();
            out.println("TaskGroupException: " + e.getMessage());
            failures.forEach(f -> out.println("  failure: " + f));
        }
        Map<String, Future.State> states = new LinkedHashMap<>();
        for (Task<String> t : tasks) {
            states.put(t.name(), t.state());
            out.printf("  %-13s %s%n", t.name(), t.state());
        }
        return new Outcome(failures, states);
    }

    private static String slow(String name, PrintStream out) throws InterruptedException {
        try {
            Weft.sleep(Duration.ofSeconds(10));
            return name + " done";
        } catch (InterruptedException e) {
            out.println("  " + name + ": cancelled, cleaning up"); // like catching CancelledError
            throw e;
        }
    }

    private TaskGroupFailure() {}
}
