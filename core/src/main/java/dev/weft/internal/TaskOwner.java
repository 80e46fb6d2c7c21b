package dev.weft.internal;

/** Whoever must hear when a task's code has ended: its group. */
public interface TaskOwner {
    /**
     * Called once by the task's own thread, after the task's outcome is final and its callbacks
     * have run, just before the thread ends.
     *
     * @param failure the exception the task's code threw if it counts as a failure (anything
     *     but a cancellation), else null; reported even when the task had been cancelled
     */
    void taskEnded(ForkedTask<?> task, Throwable failure);
}
