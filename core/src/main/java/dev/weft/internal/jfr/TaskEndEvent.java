// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jfr;

import java.util.concurrent.Future;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.weft.TaskEnd}: a task's code ended; the event's duration is its run time.
 *
 * <p>One per task, so off by default, like {@code jdk.VirtualThreadEnd} (weft.jfc turns it on).
 * The task's thread creates it with {@code new} and {@link #begin()} as its code starts and
 * checks {@link #shouldCommit()} once its outcome is final: while JFR is not recording, those
 * methods are empty and escape analysis removes the object, so a fork pays nothing.
 */
@Name("dev.weft.TaskEnd")
@Label("Task End")
@Category("Weft")
@Description("A Weft task's code ended; the duration is its run time")
@Enabled(false)
@StackTrace(false)
public final class TaskEndEvent extends Event {

    /** The task's name ({@code Task.name()}). */
    @Label("Task")
    String task;

    /** The group's name, or {@code TaskGroup} for an unnamed group. */
    @Label("Group")
    String group;

    /** {@code success}, {@code failure} or {@code cancelled}: the task's final state. */
    @Label("Outcome")
    String outcome;

    /** Fills in the fields and commits; call only when {@link #shouldCommit()} said so. */
    public void ended(String task, @Nullable String group, Future.State state) {
        this.task = task;
        this.group = group != null ? group : "TaskGroup";
        this.outcome = switch (state) {
            case SUCCESS -> "success";
            case FAILED -> "failure";
            default -> "cancelled";
        };
        commit();
    }
}
