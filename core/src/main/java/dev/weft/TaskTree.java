// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of every live task group and task in the JVM, nested as they were opened: Weft's
 * {@code python -m asyncio pstree}. Get one with {@link Weft#taskTree()}; outside the process,
 * {@code java -jar weft-tools.jar pstree <pid>} prints the same tree through JMX (MXBean
 * {@code dev.weft:type=Tasks}).
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=TaskTree :
 * TaskTree tree = Weft.taskTree();
 * System.out.println(tree);          // the tree, drawn as asyncio pstree draws it
 * String json = tree.toJson();       // the same, as JSON, for tools
 * }
 *
 * <p>The roots are the groups opened by threads that are not Weft tasks (a request handler,
 * {@code main}, the thread that called {@link Weft#run}); a group's children are its tasks that
 * have not ended; a task's children are the groups it opened and has not closed.
 *
 * <p><b>Consistency.</b> The snapshot is taken without stopping anything: each node is read as
 * it was at some moment while {@code taskTree()} ran, so a task that ends meanwhile may or may
 * not appear, and two nodes may be seen at slightly different moments. Taking it never blocks
 * a task or changes what any task does.
 *
 * @since 0.1
 */
public final class TaskTree {

    private final List<Node> roots;

    TaskTree(List<Node> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * The root groups: those opened by threads that are not Weft tasks, oldest first.
     *
     * @return the roots; empty if no group is open
     * @since 0.1
     */
    public List<Node> roots() {
        return roots;
    }

    /**
     * The tree drawn as {@code asyncio pstree} draws it, one node per line:
     *
     * <pre>
     * └── (G) TaskGroup 'checkout' [joining, 2.1 s]
     *     ├── (T) fetch-a [waiting, 2.1 s] on Lock 'accounts'[locked by task 'checkout/fetch-b']
     *     └── (T) fetch-b [cancelling, 2.1 s] cancelled: sibling 'fetch-c' failed
     * </pre>
     *
     * <p>{@code (G)} marks a group, {@code (T)} a task; the brackets hold the state and the age.
     *
     * @return the drawing; {@code "(no task groups)"} if there are none
     * @since 0.1
     */
    @Override
    public String toString() {
        if (roots.isEmpty()) {
            return "(no task groups)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < roots.size(); i++) {
            draw(out, roots.get(i), "", i == roots.size() - 1);
        }
        return out.toString();
    }

    private static void draw(StringBuilder out, Node n, String indent, boolean last) {
        out.append(indent).append(last ? "└── " : "├── ").append(n.line()).append('\n');
        String childIndent = indent + (last ? "    " : "│   ");
        List<Node> kids = n.children();
        for (int i = 0; i < kids.size(); i++) {
            draw(out, kids.get(i), childIndent, i == kids.size() - 1);
        }
    }

    /**
     * The tree as JSON: {@code {"roots": [node, ...]}}, where each node is an object with
     * {@code name}, {@code kind}, {@code state}, {@code ageMillis}, {@code cancelReason} and
     * {@code waitingOn} (a string, or {@code null}) and {@code children} (an array of nodes).
     *
     * @return the JSON text
     * @since 0.1
     */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"roots\":[");
        for (int i = 0; i < roots.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            roots.get(i).json(out);
        }
        return out.append("]}").toString();
    }

    /**
     * One group or task of a {@link TaskTree}.
     *
     * @param name the group's name ({@code TaskGroup} if it has none) or the task's name
     *     ({@code task-3} if it has none)
     * @param kind {@code "group"} or {@code "task"}
     * @param state a group: {@code running} (its body runs), {@code joining} (its opener waits
     *     for its tasks) or {@code cancelling}; a task: {@code starting}, {@code running},
     *     {@code waiting} (blocked) or {@code cancelling} (cancelled, not ended yet)
     * @param age how long ago the group was opened or the task forked
     * @param cancelReason why it is cancelled, if it is (for instance {@code sibling 'b'
     *     failed}); for a task whose group was cancelled, the group's reason
     * @param waitingOn what a blocked task waits on: a primitive with its name and holder
     *     ({@code Lock 'accounts'[locked by task 'g/a', 1 waiting]}), {@code join of Task 'fetch'},
     *     {@code end of TaskGroup 'inner'}, with {@code (waitFor deadline in 1.2 s)} appended when a
     *     deadline is running; empty if the task is not blocked in Weft
     * @param children a group's live tasks, or the groups a task has opened and not closed
     * @since 0.1
     */
    public record Node(
            String name,
            String kind,
            String state,
            Duration age,
            Optional<String> cancelReason,
            Optional<String> waitingOn,
            List<Node> children) {

        /**
         * Checks the components and copies {@code children}.
         *
         * @throws NullPointerException if a component is null
         * @since 0.1
         */
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(age, "age");
            Objects.requireNonNull(cancelReason, "cancelReason");
            Objects.requireNonNull(waitingOn, "waitingOn");
            children = List.copyOf(children);
        }

        private String line() {
            StringBuilder b = new StringBuilder();
            b.append(kind.equals("group") ? "(G) " : "(T) ").append(name);
            b.append(" [").append(state).append(", ").append(ageText(age)).append(']');
            waitingOn.ifPresent(w -> b.append(" on ").append(w));
            cancelReason.ifPresent(r -> b.append(" cancelled: ").append(r));
            return b.toString();
        }

        private void json(StringBuilder out) {
            out.append("{\"name\":");
            quote(out, name);
            out.append(",\"kind\":");
            quote(out, kind);
            out.append(",\"state\":");
            quote(out, state);
            out.append(",\"ageMillis\":").append(age.toMillis());
            out.append(",\"cancelReason\":");
            quote(out, cancelReason.orElse(null));
            out.append(",\"waitingOn\":");
            quote(out, waitingOn.orElse(null));
            out.append(",\"children\":[");
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                children.get(i).json(out);
            }
            out.append("]}");
        }
    }

    /** A short age: {@code 350 ms}, {@code 2.1 s}, {@code 3 min 5 s}. */
    static String ageText(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }

    private static void quote(StringBuilder out, @Nullable String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
