// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.TaskTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Builds {@link TaskTree} snapshots: which groups are open, and for each live task its state,
 * age, cancellation and what it waits on.
 */
/*
 * Implementation notes.
 *
 * Only the roots are registered: ROOTS holds every open group opened outside any task (no
 * ForkedTask among its enclosing scopes), added by its constructor and removed when it ends;
 * one set operation each per such group, none per task. Everything below a root is reached by
 * links the groups keep anyway: a group's list of tasks (Group.firstTask / nextTask, which
 * skips nothing that may still run), and from each task, or from a group's opener, the chain of
 * scopes it opened inside (Scope.inner), where nested groups and deadlines are found.
 *
 * What a blocked task waits on is its thread's park blocker (LockSupport.getBlocker): the public
 * primitive (Waiter.Owner.blocker), whose toString() names it and its holder; a task for a
 * join, a group for the end of a nested group. A thread blocked outside Weft shows its JDK
 * blocker, or nothing.
 *
 * Every read is a racy snapshot of volatile fields (or of the plain `joined`-like hints the
 * group exposes as volatile), so a tree is never torn in a way that throws, only slightly
 * stale; TaskTree's javadoc says so.
 */
public final class TaskTrees {

    /** Open groups opened outside any task. */
    private static final Set<Group> ROOTS = ConcurrentHashMap.newKeySet();

    private TaskTrees() {}

    /**
     * Registers {@code g} if it is a root (no task among the scopes enclosing it).
     *
     * @return true if registered: pass it back to {@link #ended}
     */
    static boolean opened(Group g, Scope parent) {
        for (Scope s = parent; s != null; s = s.parent) {
            if (s instanceof ForkedTask<?>) {
                return false;
            }
        }
        ROOTS.add(g);
        TasksBean.registerOnce();
        return true;
    }

    static void ended(Group g, boolean root) {
        if (root) {
            ROOTS.remove(g);
        }
    }

    /** The live groups and tasks now, oldest root first. */
    public static List<TaskTree.Node> snapshot() {
        long now = System.nanoTime();
        List<Group> roots = new ArrayList<>(ROOTS);
        roots.sort(Comparator.comparingLong(g -> g.born));
        List<TaskTree.Node> nodes = new ArrayList<>(roots.size());
        for (Group g : roots) {
            if (!g.isEnded()) {
                nodes.add(group(g, now));
            }
        }
        return nodes;
    }

    private static TaskTree.Node group(Group g, long now) {
        List<TaskTree.Node> kids = new ArrayList<>();
        List<ForkedTask<?>> tasks = new ArrayList<>();
        for (ForkedTask<?> t = g.firstTask(); t != null; t = Group.nextTask(t)) {
            if (!t.finished) {
                tasks.add(t);
            }
        }
        for (int i = tasks.size() - 1; i >= 0; i--) { // the list is newest first
            kids.add(task(tasks.get(i), now));
        }
        Group nested = nestedGroup(g.inner()); // opened by the opener inside this group's body
        if (nested != null) {
            kids.add(group(nested, now));
        }
        String state = g.isScopeCancelled() ? "cancelling" : g.openerWaiting() ? "joining" : "running";
        return new TaskTree.Node(
                g.name() != null ? g.name() : "TaskGroup",
                "group",
                state,
                Duration.ofNanos(now - g.born),
                Optional.ofNullable(g.isScopeCancelled() ? g.cancelText(false) : null),
                Optional.empty(),
                kids);
    }

    private static TaskTree.Node task(ForkedTask<?> t, long now) {
        Thread th = t.thread();
        Thread.State ts = th.getState();
        Object blocker = LockSupport.getBlocker(th);
        boolean cancelled = t.isScopeCancelled();
        String state;
        if (ts == Thread.State.NEW) {
            state = "starting";
        } else if (cancelled) {
            state = "cancelling";
        } else if (blocker != null
                || ts == Thread.State.WAITING
                || ts == Thread.State.TIMED_WAITING
                || ts == Thread.State.BLOCKED) {
            state = "waiting";
        } else {
            state = "running";
        }
        String waiting = blocker == null ? null : describeBlocker(blocker);
        String deadline = deadline(t.inner(), now);
        if (deadline != null && (waiting != null || !state.equals("running"))) {
            waiting = (waiting == null ? "" : waiting + " ") + "(" + deadline + ")";
        }
        List<TaskTree.Node> kids = new ArrayList<>(1);
        Group nested = nestedGroup(t.inner());
        if (nested != null) {
            kids.add(group(nested, now));
        }
        return new TaskTree.Node(
                t.name(),
                "task",
                state,
                Duration.ofNanos(now - t.born),
                Optional.ofNullable(cancelled ? t.cancelText(false) : null),
                Optional.ofNullable(waiting),
                kids);
    }

    /** The first group in a chain of inner scopes, or null. */
    private static Group nestedGroup(Scope s) {
        for (; s != null; s = s.inner()) {
            if (s instanceof Group g) {
                return g.isEnded() ? null : g;
            }
        }
        return null;
    }

    /** The nearest running deadline in a chain of inner scopes (up to the first group), as text. */
    private static String deadline(Scope s, long now) {
        DeadlineScope soonest = null;
        for (; s != null && !(s instanceof Group); s = s.inner()) {
            if (s instanceof DeadlineScope d && (soonest == null || d.deadlineNanos - soonest.deadlineNanos < 0)) {
                soonest = d;
            }
        }
        if (soonest == null) {
            return null;
        }
        long left = soonest.deadlineNanos - now;
        return soonest.op() + " deadline " + (left > 0 ? "in " + ageText(left) : "passed");
    }

    private static String describeBlocker(Object blocker) {
        if (blocker instanceof ForkedTask<?> t) {
            return "join of Task '" + t.name() + "'";
        }
        if (blocker instanceof Group g) {
            return "end of " + g.describe();
        }
        try {
            return String.valueOf(blocker);
        } catch (RuntimeException e) {
            return blocker.getClass().getName();
        }
    }

    private static String ageText(long nanos) {
        long ms = nanos / 1_000_000L;
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
