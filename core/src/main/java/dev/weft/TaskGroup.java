// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.Cancellation;
import dev.weft.internal.Group;
import dev.weft.internal.GroupExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
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
 * opener cancels the group, which then throws {@link InterruptedException}: an interrupt that
 * reaches the opener while it waits for the tasks, or that a blocking Weft call in the body
 * gives up on (an interrupt that only other code sees is that code's, as in any Java code).
 * If the body replaced that {@code InterruptedException} with an exception of its own, the
 * group throws {@link TaskGroupException} for it and the interrupt is still pending afterwards
 * (asyncio's uncancel rule, gh-95289). Groups nest:
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

    private final Group core;

    private TaskGroup(Group core) {
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
        TaskGroup tg = new TaskGroup(Group.open(name, Group.Mode.STRICT));
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
        return new TaskGroup(Group.open(name, Group.Mode.STRICT));
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
     * Returns an {@link ExecutorService} that runs every task it is given as a task of this
     * group, so code written against {@code java.util.concurrent} runs structured:
     * {@code CompletableFuture.supplyAsync(supplier, executor)},
     * {@code HttpClient.Builder.executor(executor)}, a library that takes an {@code Executor}.
     * Python's {@code loop.run_in_executor} goes the other way; this is the structured
     * equivalent of handing such code {@code Executors.newVirtualThreadPerTaskExecutor()}.
     *
     * <p><b>Tasks.</b> {@code execute}, {@code submit}, {@code invokeAll} and {@code invokeAny}
     * fork each runnable or callable into this group, in its own virtual thread, at once (there
     * is no queue and no pool size). They are ordinary tasks of the group: it does not end
     * before they have, and cancelling the group, or a failure that cancels it, cancels them
     * (interrupts them, with Weft's sticky cancellation). The methods may be called from any
     * thread, including the group's own tasks and threads outside the group.
     *
     * <p><b>Failures.</b> A task started by {@code execute(Runnable)} has no {@code Future}: if
     * it throws, the group fails as it does for any task (the other tasks are cancelled and the
     * group throws {@link TaskGroupException}). A task started by {@code submit},
     * {@code invokeAll} or {@code invokeAny} keeps its failure in its {@code Future}
     * ({@code get()} throws {@link java.util.concurrent.ExecutionException}), as the
     * {@code ExecutorService} contract says, and does not fail the group; if no one retrieves
     * such a failure (by {@code get}, {@link Task#join()}, {@link Task#exceptionNow()} or
     * {@link Task#toCompletableFuture()}) before the group ends, the group logs it once through
     * SLF4J, as asyncio logs "Task exception was never retrieved". The returned {@code Future}s
     * are the group's {@link Task}s. {@code invokeAny} returns the first successful result and
     * cancels the other tasks, ignoring what they throw as they are cancelled; if every task
     * failed it throws {@code ExecutionException} with the first failure as the cause.
     * {@code invokeAll} and {@code invokeAny} cancel the tasks they started if they time out, are
     * interrupted or are cancelled.
     *
     * <p><b>Lifecycle.</b> Each call returns a new executor with a lifecycle of its own over the
     * same group. It rejects new work with {@link java.util.concurrent.RejectedExecutionException}
     * after its {@code shutdown()}, and once the group no longer accepts forks: when it has ended,
     * or has been cancelled (where {@link #fork} would return an already-cancelled task). It is
     * then {@code isShutdown()}; it {@code isTerminated()} once, in addition, every task it
     * started has ended. {@code awaitTermination} waits for the tasks this executor started, not
     * for the group's other tasks. {@code shutdownNow()} cancels every task it started and
     * returns the runnables (or, for a submitted {@code Callable}, a runnable that calls it) of
     * those whose code had not started yet and never will; as tasks start at once, that list is
     * often empty. {@code close()} shuts down and waits for the tasks it started; if interrupted
     * or cancelled meanwhile, it cancels them and still waits for them to end, then re-asserts
     * the interrupt. A task started by this executor may not call {@code close()} (it would wait
     * for itself): that throws {@link IllegalStateException}. Shutting the executor down does
     * not end or cancel the group.
     *
     * <p><b>Blocking and cancellation.</b> {@code awaitTermination}, {@code invokeAll},
     * {@code invokeAny} and the returned futures' {@code get} are Weft blocking calls: they check
     * for cancellation first and throw {@link InterruptedException} (interrupted status cleared)
     * if the caller is interrupted or cancelled. The other methods never block. A runnable that
     * was accepted by {@code execute} just as the group was cancelled may be cancelled before
     * it starts, and is then logged (it has no {@code Future} to tell anyone); a submitted task
     * in that situation is a cancelled {@code Future}.
     *
     * <p><b>Memory consistency effects.</b> Actions before {@code execute}/{@code submit}
     * happen-before the task runs; actions of a task happen-before a successful return from its
     * future's {@code get}, and before {@code awaitTermination} returns true.
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=TaskGroupAsExecutorService :
     * Report report = TaskGroup.run(tg -> {
     *     ExecutorService executor = tg.asExecutorService();
     *     try (HttpClient client = HttpClient.newBuilder().executor(executor).build()) {
     *         CompletableFuture<String> page = client.sendAsync(request, BodyHandlers.ofString())
     *                 .thenApplyAsync(HttpResponse::body, executor);  // a task of tg
     *         CompletableFuture<Report> r = CompletableFuture
     *                 .supplyAsync(() -> load(id), executor)          // another one
     *                 .thenCombine(page, Report::new);
     *         return Weft.join(r);    // cancelling tg cancels these tasks and the request
     *     }
     * });
     * }
     *
     * <p>A client that keeps the executor (an {@code HttpClient}, which stops itself once its
     * executor rejects work) belongs to the group: build it inside, per group.
     *
     * @return an executor over this group
     * @since 0.1
     */
    public ExecutorService asExecutorService() {
        return new GroupExecutor(core);
    }

    /**
     * Forks {@code body} as a daemon task: Python's {@code daemon=True}, made structured (Ox's
     * {@code fork} beside {@code forkUser}). The group does not wait for a daemon to finish on
     * its own: once the body and every non-daemon task have ended, it cancels its daemon tasks
     * (their cancellation then is not a failure) and waits for them to end, so none outlives
     * the group. A daemon's failure fails the group like any task's. In every other way it is a
     * task like {@link #fork(Callable)}'s (name {@code task-<n>}, cancellation, joining).
     *
     * @param body the task's code
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group has ended
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public <T extends @Nullable Object> Task<T> forkDaemon(Callable<? extends T> body) {
        return core.forkDaemon(null, body);
    }

    /**
     * As {@link #forkDaemon(Callable)}, naming the task (and its thread, {@code group/name}).
     *
     * @param name the task's name, or null for {@code task-<n>}
     * @param body the task's code
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the group has ended
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public <T extends @Nullable Object> Task<T> forkDaemon(@Nullable String name, Callable<? extends T> body) {
        return core.forkDaemon(name, body);
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
     * Cancels the group as {@link #cancel()} does, saying why: asyncio's {@code tg.cancel(msg)}
     * (Trio's cancel reasons). Every task the group cancels gets an
     * {@link InterruptedException} from its blocking calls, and its joiners a
     * {@link java.util.concurrent.CancellationException}, whose message carries
     * {@code "cancelled by TaskGroup.cancel: " + reason}. Only the first cancellation of a group
     * counts: a later call, with or without a reason, changes nothing. Never throws but for a
     * null reason.
     *
     * @param reason why, in a few words (e.g. {@code "shutdown"})
     * @throws NullPointerException if {@code reason} is null
     * @since 0.1
     */
    public void cancel(String reason) {
        core.cancel(reason);
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
     * interrupted, then restores the interrupt status. The caller's interrupt status afterwards
     * is what it would have been without the group: an interrupt pending when {@code close()}
     * is called, or arriving while it waits, is kept; the group's own cancellation never
     * interrupts the thread closing it. Does nothing after the group ended.
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
