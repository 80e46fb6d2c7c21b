// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar weft-tools.jar ps|pstree|json <pid>}: the Weft task groups and tasks of a
 * running JVM, as {@code python -m asyncio ps|pstree <pid>} shows an event loop's tasks. See
 * {@link #USAGE}.
 */
public final class WeftTools {

    /** Exit status: done. */
    public static final int OK = 0;
    /** Exit status: the command failed (no such process, cannot attach, no Weft groups, ...). */
    public static final int FAILED = 1;
    /** Exit status: bad arguments. */
    public static final int USAGE_ERROR = 2;

    static final String USAGE = """
            Usage: java -jar weft-tools.jar <command> <pid>

            Shows the Weft task groups and tasks of a running JVM, as python -m asyncio ps and
            pstree show an event loop's tasks.

            Commands:
              ps <pid>       one line per task: its group, name, state, age, what it waits on
                             and why it is cancelled
              pstree <pid>   the tree of groups and tasks, as Weft.taskTree() draws it
              json <pid>     the tree as JSON, as Weft.taskTree().toJson() writes it
              help           this text (also -h, --help)

            weft-tools attaches to <pid> with the JDK's Attach API (so it must run as the same
            user, on a JDK 21+), starts the process's local JMX agent if it is not running yet
            (it stays running, as after a JConsole connection), and reads the MXBean
            dev.weft:type=Tasks, which Weft registers when the first task group opens (unless
            the process runs with -Dweft.jmx=false).

            Exit status: 0 done, 1 failed (no such process, cannot attach, no Weft task groups),
            2 bad arguments.
            """;

    private static final List<String> COMMANDS = List.of("ps", "pstree", "json");

    private WeftTools() {}

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool: the command's output goes to {@code out}, errors to {@code err}.
     *
     * @param args the command line: {@code ps|pstree|json <pid>}, {@code help}, {@code --help}
     * @param out where the output goes
     * @param err where errors and the usage after a usage error go
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE_ERROR}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return OK;
            }
        }
        if (args.length == 1 && args[0].equals("help")) {
            out.print(USAGE);
            return OK;
        }
        if (args.length == 0) {
            return usageError(err, "no command given");
        }
        String command = args[0];
        if (!COMMANDS.contains(command)) {
            return usageError(err, "unknown command '" + command + "'");
        }
        if (args.length == 1) {
            return usageError(err, command + ": no pid given");
        }
        if (args.length > 2) {
            return usageError(err, command + ": too many arguments (one pid only)");
        }
        long pid;
        try {
            pid = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            return usageError(err, command + ": not a process id: '" + args[1] + "'");
        }
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return usageError(err, command + ": not a process id: '" + args[1] + "'");
        }
        try {
            switch (command) {
                case "pstree" -> out.print(endLine(TasksReader.read(pid, "Tree")));
                case "json" -> out.print(endLine(TasksReader.read(pid, "Json")));
                default -> {
                    String json = TasksReader.read(pid, "Json");
                    String table;
                    try {
                        table = PsTable.render(json);
                    } catch (IllegalArgumentException e) {
                        err.println("weft-tools: process " + pid + " sent a task tree weft-tools cannot read ("
                                + e.getMessage() + "); is its Weft a different version? Its JSON:");
                        err.println(json);
                        return FAILED;
                    }
                    out.print(table);
                }
            }
            out.flush();
            return OK;
        } catch (TasksReader.Failure e) {
            err.println("weft-tools: " + e.getMessage());
            return FAILED;
        }
    }

    private static String endLine(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    private static int usageError(PrintStream err, String what) {
        err.println("weft-tools: " + what);
        err.println();
        err.print(USAGE);
        return USAGE_ERROR;
    }
}
