// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jfr;

import dev.weft.Task;
import dev.weft.internal.Group;
import dev.weft.internal.WeftThreads;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import org.jspecify.annotations.Nullable;

/**
 * {@code dev.weft.ContendedWait}: a blocking Weft call had to park (a Lock held by another task,
 * an empty Queue, a join); the event's duration is the wait. Only waits at or above the
 * threshold (20 ms by default, like {@code jdk.JavaMonitorEnter}) are recorded.
 *
 * <p>The waiter begins it on its contended path (see {@code Waiter}): after any spinning,
 * right before its first park. So a wait that spun and was handed what it waited for pays
 * nothing, and while the event is disabled the parking path pays one check.
 */
@Name("dev.weft.ContendedWait")
@Label("Contended Wait")
@Category("Weft")
@Description("A blocking Weft call parked: a Lock held by another task, an empty Queue, a join, ...")
@Threshold("20 ms")
@StackTrace(true)
public final class ContendedWaitEvent extends Event {

    /** What it waited on: the primitive's class ({@code Lock}, {@code Queue}), {@code Task} for a join. */
    @Label("Primitive")
    String primitive;

    /** The name the user gave the primitive (or the joined task's or group's name); empty if none. */
    @Label("Name")
    String name;

    /** For a Lock or RLock, the task or thread that held it when the wait began; else empty. */
    @Label("Owner")
    String owner;

    /**
     * Begins the event, if it is enabled, as the current thread is about to park.
     *
     * @param holder the holder of the lock waited for, or null; described now, while it holds
     *     the lock (once its thread has ended it no longer reads as a task)
     * @return the begun event, or null if it is disabled
     */
    public static @Nullable ContendedWaitEvent parking(@Nullable Thread holder) {
        ContendedWaitEvent e = new ContendedWaitEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.owner = holder != null ? WeftThreads.describe(holder) : "";
        e.begin();
        return e;
    }

    /**
     * Ends the wait and commits the event if it lasted at least the threshold.
     *
     * @param blocker the public object the thread parked on
     * @param name the primitive's name, or null
     */
    public void waited(Object blocker, @Nullable String name) {
        end();
        if (!shouldCommit()) {
            return;
        }
        String n = name;
        if (blocker instanceof Task<?> t) {
            primitive = "Task";
            n = t.name();
        } else if (blocker instanceof Group g) {
            primitive = "TaskGroup";
            n = g.name();
        } else {
            String kind = blocker.getClass().getSimpleName();
            primitive = kind.isEmpty() ? "Waiter" : kind;
        }
        this.name = n != null ? n : "";
        commit();
    }
}
