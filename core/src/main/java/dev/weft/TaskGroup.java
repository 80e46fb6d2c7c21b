package dev.weft;

import dev.weft.internal.Cancellation;
import dev.weft.internal.Engines;
import dev.weft.internal.GroupCore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A scope that owns a set of tasks and does not end before all of them have: asyncio's
 * {@code TaskGroup}, Trio's nursery.
 *
 * <p>Use {@link #run(Body)}, which returns the body's result once the body and every task have
 * ended, or {@link #open()} with try-with-resources:
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=TaskGroup :
 * List<String> pages = TaskGroup.run(tg -> {
 *     Task<String> a = tg.fork("a", () -> fetch("a"));
 *     Task<String> b = tg.fork("b", () -> fetch("b"));
 *     return List.of(a.join(), b.join());
 * });
 *
 * try (var tg = TaskGroup.open()) {
 *     tg.fork(() -> fetch("c"));
 *     tg.join();
 * }
 * }
 *
 * <p><b>Semantics.</b> Any task of the group, not only the opener, may fork into it. The first
 * failure, of a task or of the body, cancels the body and every other task; the group then
 * throws {@link TaskGroupException} once every task has ended. Cancelling or interrupting the
 * opener cancels the group, which then throws {@link InterruptedException}. Groups nest:
 * cancelling an outer group cancels inner groups and their tasks. Forking into a group that
 * has ended throws {@link IllegalStateException}; forking into a group that is being
 * cancelled returns a task that is already cancelled and never runs.
 *
 * <p><b>Cancellation.</b> While a group is cancelled, every blocking Weft call in its body and
 * its tasks throws {@link InterruptedException} at once (sticky cancellation). When the group
 * ends, the opener's interrupt status is what it would have been without the group: the
 * group's own interrupts are cleared, interrupts from an enclosing cancellation are kept.
 *
 * <p><b>Memory consistency effects.</b> Actions of every task happen-before the return of
 * {@code run}, {@code join} or {@code close}. Actions before {@code fork} happen-before the
 * forked task starts.
 *
 * <p>The opener's methods ({@code join}, {@code close}) must be called by the thread that
 * opened the group, and inner groups must end before outer ones; {@code fork} and
 * {@code cancel} may be called from any thread.
 *
 * @since 0.1
 */
public final class TaskGroup implements AutoCloseable {

    /**
     * The body of a group: runs in the opener's thread, may fork tasks, returns a result.
     *
     * @param <T> the result type
     * @since 0.1
     */
    @FunctionalInterface
    public interface Body<T extends @Nullable Object> {
        /**
         * Runs the body.
         *
         * @param tg the group, to fork tasks into
         * @return the result {@link TaskGroup#run(Body)} returns
         * @throws Exception a failure of the body, which fails the group
         * @since 0.1
         */
        T run(TaskGroup tg) throws Exception;
    }

    private final GroupCore core;

    private TaskGroup(GroupCore core) {
        this.core = core;
    }

    /**
     * Opens a group, runs {@code body} in the calling thread, waits for every task forked into
     * the group, and returns the body's result.
     *
     * @param body the body; receives the group
     * @param <T> the result type
     * @return what the body returned, or null if {@link #cancel()} cut the body short
     * @throws TaskGroupException if the body or any task failed; thrown after every task ended
     * @throws InterruptedException if the calling thread was interrupted or its scope cancelled,
     *     before or during the group; the group's tasks have all ended when it is thrown
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> @Nullable T run(Body<T> body) throws InterruptedException {
        return run(null, body);
    }

    /**
     * As {@link #run(Body)}, naming the group. The name appears in the thread names of its
     * named tasks ({@code group/task}) and in its errors.
     *
     * @param name the group's name, or null
     * @param body the body
     * @param <T> the result type
     * @return what the body returned, or null if {@link #cancel()} cut the body short
     * @throws TaskGroupException if the body or any task failed
     * @throws InterruptedException if the calling thread was interrupted or cancelled
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> @Nullable T run(@Nullable String name, Body<T> body)
            throws InterruptedException {
        Objects.requireNonNull(body, "body");
        Cancellation.checkpoint();
        TaskGroup tg = new TaskGroup(Engines.current().open(name));
        T result = null;
        try {
            result = body.run(tg);
        } catch (Throwable t) {
            tg.core.bodyThrew(t);
        }
        tg.core.join();
        return result;
    }

    /**
     * Opens a group owned by the calling thread, for try-with-resources. Call {@link #join()}
     * before the block ends; {@link #close()} cancels and waits for whatever is still running.
     * Opening a group inside a cancelled scope gives a group that is already cancelled.
     *
     * @return the group
     * @since 0.1
     */
    public static TaskGroup open() {
        return open(null);
    }

    /**
     * As {@link #open()}, naming the group.
     *
     * @param name the group's name, or null
     * @return the group
     * @since 0.1
     */
    public static TaskGroup open(@Nullable String name) {
        return new TaskGroup(Engines.current().open(name));
    }

    /**
     * Forks {@code body} as a new task of this group, in a new virtual thread: asyncio's
     * {@code tg.create_task}.
     *
     * @param body the task's code
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group has ended
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public <T extends @Nullable Object> Task<T> fork(Callable<? extends T> body) {
        return core.fork(null, body);
    }

    /**
     * Forks a named task. The name is the task's {@link Task#name()}, names its thread
     * ({@code group/name} in a named group), and appears in errors.
     *
     * @param name the task's name; null for an unnamed task
     * @param body the task's code
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group has ended
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public <T extends @Nullable Object> Task<T> fork(@Nullable String name, Callable<? extends T> body) {
        return core.fork(name, body);
    }

    /**
     * Waits until every task has ended, then ends the group. Interrupting the waiting opener
     * cancels the group; join still waits for every task to end before it throws.
     *
     * @throws TaskGroupException if the body or any task failed
     * @throws InterruptedException if the opener was interrupted or an enclosing scope
     *     cancelled
     * @throws IllegalStateException if called by another thread than the opener, before inner
     *     groups have ended, or twice
     * @since 0.1
     */
    public void join() throws InterruptedException {
        core.join();
    }

    /**
     * As {@link #join()}, but if tasks are still running after {@code timeout} the group is
     * cancelled; once they have all ended, {@link TimeoutException} is thrown. A negative
     * timeout means zero.
     *
     * @param timeout how long to wait before cancelling
     * @throws TimeoutException if the group had to be cancelled because of the timeout
     * @throws TaskGroupException if the body or any task failed
     * @throws InterruptedException if the opener was interrupted or an enclosing scope
     *     cancelled
     * @throws IllegalStateException as for {@link #join()}
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public void join(Duration timeout) throws InterruptedException, TimeoutException {
        core.join(timeout);
    }

    /**
     * Cancels the group: its body (the opener is interrupted) and every task. The group then
     * ends without an error of its own, as asyncio 3.15's {@code TaskGroup.cancel()}; real
     * failures of tasks are still reported. Idempotent, never throws, callable from any thread.
     *
     * @since 0.1
     */
    public void cancel() {
        core.cancel();
    }

    /**
     * True if this group, or a scope enclosing it, has been cancelled.
     *
     * @return whether the group is cancelled
     * @since 0.1
     */
    public boolean isCancelled() {
        return core.isCancelled();
    }

    /**
     * The group's name.
     *
     * @return the name, or null for an unnamed group
     * @since 0.1
     */
    public @Nullable String name() {
        return core.name();
    }

    /**
     * Ends the group if {@link #join()} has not: cancels whatever still runs and waits for every
     * task to end, so a forgotten {@code join()} never leaks a thread. Waits even if
     * interrupted, then restores the interrupt status. Does nothing after the group ended.
     *
     * @throws TaskGroupException if the body or any task failed
     * @throws IllegalStateException if called by another thread than the opener, or before
     *     inner groups have ended
     * @since 0.1
     */
    @Override
    public void close() {
        core.close();
    }

    /**
     * A description with the group's name, e.g. {@code TaskGroup[crawl]}, or {@code TaskGroup} for
     * an unnamed group.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        String n = core.name();
        return n == null ? "TaskGroup" : "TaskGroup[" + n + "]";
    }
}
