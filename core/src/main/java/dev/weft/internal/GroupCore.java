package dev.weft.internal;

import dev.weft.Task;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * What an engine must provide for one task group; {@code dev.weft.TaskGroup} is a thin facade
 * over it. Every method but {@link #fork} and {@link #cancel} may be called only by the thread
 * that opened the group.
 */
public interface GroupCore {

    /** The group's name, or null. */
    String name();

    /** Forks a task; see {@code TaskGroup.fork}. */
    <T> Task<T> fork(String name, Callable<? extends T> body);

    /** Reports what the body passed to {@code TaskGroup.run} threw. */
    void bodyThrew(Throwable t);

    /** Waits for every task, then reports the group's outcome; see {@code TaskGroup.join}. */
    void join() throws InterruptedException;

    /** As {@link #join()}, cancelling the group if it has not ended by the timeout. */
    void join(Duration timeout) throws InterruptedException, TimeoutException;

    /** Cancels the body and every task; never throws. */
    void cancel();

    /** Cancels what still runs, waits for it, and reports failures; see {@code TaskGroup.close}. */
    void close();

    /** True if the group, or a scope enclosing it, has been cancelled. */
    boolean isCancelled();

    /** True once the group has ended and accepts no more forks (GroupExecutor's rejection). */
    boolean isEnded();
}
