// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code weft-tools ps}: the tasks of a {@code Weft.taskTree().toJson()} document as a flat
 * table, one line per task, as {@code python -m asyncio ps} lists an event loop's tasks.
 *
 * <p>The GROUP column is the task's place in the tree: the names of the groups and tasks above
 * it, joined with {@code /} (the root group first), as in Weft's thread names and in
 * {@code locked by task 'checkout/holder'}. A task in group {@code inner}, opened by task
 * {@code holder} of root group {@code checkout}, is in {@code checkout/holder/inner}.
 */
final class PsTable {

    static final List<String> HEADER = List.of("GROUP", "TASK", "STATE", "AGE", "WAITING ON", "CANCEL REASON");

    private PsTable() {}

    /**
     * The table for a tree's JSON.
     *
     * @throws IllegalArgumentException if {@code json} is not such a tree
     */
    static String render(String json) {
        Object doc = Json.parse(json);
        if (!(doc instanceof Map<?, ?> root) || !(root.get("roots") instanceof List<?> roots)) {
            throw new IllegalArgumentException("no \"roots\" array");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Object node : roots) {
            collect(node, "", rows);
        }
        if (rows.isEmpty()) {
            return "(no tasks)\n";
        }
        rows.add(0, HEADER);
        return align(rows);
    }

    private static void collect(Object node, String path, List<List<String>> rows) {
        if (!(node instanceof Map<?, ?> n)) {
            throw new IllegalArgumentException("a node is not an object");
        }
        String name = text(n, "name");
        String kind = text(n, "kind");
        String here = path.isEmpty() ? name : path + "/" + name;
        if (kind.equals("task")) {
            rows.add(List.of(
                    path,
                    name,
                    text(n, "state"),
                    age(n.get("ageMillis")),
                    optional(n, "waitingOn"),
                    optional(n, "cancelReason")));
        } else if (!kind.equals("group")) {
            throw new IllegalArgumentException("unknown kind '" + kind + "'");
        }
        if (n.get("children") instanceof List<?> children) {
            for (Object child : children) {
                collect(child, here, rows);
            }
        } else if (n.get("children") != null) {
            throw new IllegalArgumentException("\"children\" of '" + name + "' is not an array");
        }
    }

    private static String text(Map<?, ?> n, String key) {
        if (n.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("a node has no string \"" + key + "\"");
    }

    private static String optional(Map<?, ?> n, String key) {
        return n.get(key) instanceof String s ? oneLine(s) : "";
    }

    /** A cell on one line: a cancel reason may quote an exception message with line breaks. */
    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** As {@code TaskTree} writes ages: {@code 350 ms}, {@code 2.1 s}, {@code 3 min 5 s}. */
    static String age(Object millis) {
        if (!(millis instanceof Long ms)) {
            return millis instanceof Number n ? age((long) n.doubleValue()) : "";
        }
        return age((long) ms);
    }

    private static String age(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }

    /** Columns padded to their widest cell, two spaces apart; no trailing spaces. */
    private static String align(List<List<String>> rows) {
        int columns = HEADER.size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            out.append(line, 0, end).append('\n');
        }
        return out.toString();
    }
}
