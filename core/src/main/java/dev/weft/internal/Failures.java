// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.TaskGroupException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The failures of one task group, in the order they happened, and how the group reports them
 * when it ends: {@link TaskGroupException}, a {@link VirtualMachineError} as it is, or a log
 * line for a failure nobody will ever see.
 */
/*
 * Implementation notes.
 *
 * Failures are pushed onto a Treiber stack (one CAS each, by the failing task's thread), so the
 * order of the successful CASes is the order they happened; report() reverses a snapshot. Read
 * only by the group's opener, after every task has ended, so the snapshot is complete.
 *
 * Field access:
 *   head     CAS by any task's thread; read by the opener at the end.
 */
final class Failures {

    /** One failure: the task that threw (null for the group's body) and what it threw. */
    record Failure(ForkedTask<?> task, Throwable error, Failure next) {
        String who(String group) {
            return task == null ? "the body of " + group : "Task '" + task.name() + "'";
        }
    }

    private volatile Failure head;

    /**
     * Records a failure.
     *
     * @return true if it is the group's first
     */
    boolean add(ForkedTask<?> task, Throwable error) {
        for (Failure h = head; ; h = head) {
            if (HEAD.compareAndSet(this, h, new Failure(task, error, h))) {
                return h == null;
            }
        }
    }

    /** The failures so far, oldest first. */
    List<Failure> snapshot() {
        List<Failure> out = new ArrayList<>();
        for (Failure f = head; f != null; f = f.next()) {
            out.add(f);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Reports the group's outcome to its opener, once every task has ended.
     *
     * @param group the group's description, for messages
     * @param supervising true if failed tasks were handed out with their tasks (asCompleted,
     *     Weft.run): those are logged if nobody looked at them, and only VM errors are thrown
     * @param cancelled how many tasks the first failure cancelled, for the message
     * @param keepInterrupt true to re-assert the opener's interrupt before throwing (the group
     *     was cancelled from outside, and the failures win the throw)
     * @throws TaskGroupException if a task or the body failed
     * @throws VirtualMachineError as it is, if one was among the failures
     */
    void report(String group, boolean supervising, int cancelled, boolean keepInterrupt) {
        List<Failure> fs = snapshot();
        if (fs.isEmpty()) {
            return;
        }
        fs = withoutKept(group, fs);
        if (fs.isEmpty()) {
            return;
        }
        if (supervising) {
            List<Failure> kept = new ArrayList<>();
            for (Failure f : fs) {
                if (f.error() instanceof VirtualMachineError) {
                    kept.add(f);
                } else if (f.task() != null && f.task().claimUnretrieved()) {
                    ForkedTask.logNeverRetrieved(f.who(group), f.error());
                }
            }
            fs = kept;
            if (fs.isEmpty()) {
                return;
            }
        }
        VirtualMachineError vme = null;
        for (Failure f : fs) {
            if (f.error() instanceof VirtualMachineError e) {
                vme = e;
                break;
            }
        }
        if (vme != null) {
            for (Failure f : fs) {
                if (f.error() != vme && (f.task() == null || f.task().claimUnretrieved())) {
                    ForkedTask.logNeverRetrieved(f.who(group), f.error());
                }
            }
            if (keepInterrupt) {
                Thread.currentThread().interrupt();
            }
            throw vme;
        }
        List<Throwable> errors = new ArrayList<>(fs.size());
        for (Failure f : fs) {
            errors.add(f.error());
            if (f.task() != null) {
                f.task().markRetrieved();
            }
        }
        if (keepInterrupt) {
            Thread.currentThread().interrupt(); // the failures win the throw; the cancellation is kept
        }
        throw new TaskGroupException(message(group, fs, cancelled), errors);
    }

    /**
     * Drops the failures of tasks that keep their failure in their Future (GroupExecutor's
     * submit/invokeAll/invokeAny, see ForkedTask.keepsFailure): they are not the group's, so it
     * logs, once, those no one retrieved. A VirtualMachineError stays: it cancelled the group.
     */
    private static List<Failure> withoutKept(String group, List<Failure> fs) {
        List<Failure> kept = new ArrayList<>(fs.size());
        for (Failure f : fs) {
            if (f.task() != null && f.task().keepsFailure && !(f.error() instanceof VirtualMachineError)) {
                if (f.task().claimUnretrieved()) {
                    ForkedTask.logNeverRetrieved(f.who(group), f.error());
                }
            } else {
                kept.add(f);
            }
        }
        return kept;
    }

    private static String message(String group, List<Failure> fs, int cancelled) {
        Failure first = fs.get(0);
        String who = first.task() == null ? "the body" : "task '" + first.task().name() + "'";
        String count = fs.size() == 1 ? "1 failure" : fs.size() + " failures";
        String because =
                cancelled == 1 ? "1 task cancelled because of it" : cancelled + " tasks cancelled because of it";
        return group + " failed (" + count + "; " + because + "); first: " + who + " threw " + first.error();
    }

    // VarHandle mechanics
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Failures.class, "head", Failure.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
