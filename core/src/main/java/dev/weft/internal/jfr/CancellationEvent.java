// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jfr;

import dev.weft.Task;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.weft.Cancellation}: a task was cancelled. Committed once per task, by the thread
 * that cancelled it (its stack trace says who).
 */
@Name("dev.weft.Cancellation")
@Label("Task Cancellation")
@Category("Weft")
@Description("A Weft task was cancelled; the reason is what its InterruptedException and its joiners say")
@StackTrace(true)
public final class CancellationEvent extends Event {

    /** The task's name. */
    @Label("Task")
    String task;

    /** Why, as the task's cancellation message says it: {@code sibling 'b' failed: ...}. */
    @Label("Reason")
    String reason;

    /**
     * Records that {@code task} is being cancelled, if the event is enabled.
     *
     * @param reason the cancellation's words; null for an enclosing scope's
     */
    public static void emit(Task<?> task, @Nullable String reason) {
        CancellationEvent e = new CancellationEvent();
        if (e.shouldCommit()) {
            e.task = task.name();
            e.reason = reason != null ? reason : "an enclosing scope was cancelled";
            e.commit();
        }
    }
}
