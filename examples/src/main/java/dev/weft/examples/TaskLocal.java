// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.ContextPropagator;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-task state, two ways, like Python's {@code threading.local()} and {@code contextvars}:
 *
 * <ul>
 *   <li>A plain {@link ThreadLocal}: every Weft task runs on its own virtual thread, so a
 *       thread-local is task-local, exactly {@code threading.local()} (each task sees only what
 *       it set).
 *   <li>A propagated context, {@code contextvars}' copy-on-fork: a {@link ContextPropagator}
 *       gives every task a copy of the value its parent had when it forked; what the task
 *       changes stays in the task.
 * </ul>
 */
public final class TaskLocal {

    /** threading.local(): one value per task, nothing inherited. */
    static final ThreadLocal<List<String>> SCRATCH = ThreadLocal.withInitial(ArrayList::new);

    /** A contextvar: inherited by every task forked while it is set. */
    static final ThreadLocal<String> USER = new ThreadLocal<>();

    static {
        Weft.addContextPropagator(new ContextPropagator() {
            @Override
            public Object capture() {
                return USER.get(); // null (nothing to carry) when unset
            }

            @Override
            public Restored restore(Object captured) {
                String previous = USER.get();
                USER.set((String) captured);
                return () -> USER.set(previous);
            }
        });
    }

    /** What each task saw: its scratch list, and the user it inherited. */
    public record Outcome(Map<String, String> seen, String parentUserAfter) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        USER.set("alice");
        try {
            TaskGroup.run("req", tg -> {
                for (String step : List.of("parse", "check", "store")) {
                    tg.fork(step, () -> {
                        SCRATCH.get().add(step); // only this task's list
                        String inherited = USER.get(); // a copy of the parent's "alice"
                        USER.set(inherited + "+" + step); // stays in this task
                        String line = "scratch=" + SCRATCH.get() + " user=" + inherited;
                        seen.put(step, line);
                        return null;
                    });
                }
                return null;
            });
            new TreeMap<>(seen).forEach((step, line) -> out.println("  " + step + ": " + line));
            out.println("main: user is still " + USER.get() + "; no task's change leaked back");
            return new Outcome(Map.copyOf(seen), USER.get());
        } finally {
            USER.remove();
        }
    }

    private TaskLocal() {}
}
