// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work running in its own virtual thread, forked into a {@link TaskGroup}: Weft's
 * {@code asyncio.Task}.
 *
 * <p>A task is a {@link Future}, and keeps {@code Future}'s contract: once {@link #cancel()}
 * returned true, {@link #isCancelled()} and {@link #isDone()} are true and {@link #join()} and
 * {@link #get()} throw {@link CancellationException}. Unlike {@code FutureTask}, {@code join()}
 * and {@code get()} return (or throw) only after the task's thread has ended: a task is done
 * when its code is.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} interrupts the task's thread and marks the task
 * cancelled for good: every later blocking Weft call in it throws {@link InterruptedException}
 * at once, even if the task swallowed the first interrupt. Cancelling is idempotent, never
 * throws, and works before the task has started (it then never runs). A task that ends by
 * throwing {@link InterruptedException} or {@link CancellationException} ends cancelled, as an
 * asyncio task that raises {@code CancelledError} does. Joining a task does not pass the
 * joiner's own cancellation on to it: the group owns its tasks.
 *
 * <p><b>Memory consistency effects.</b> Actions in the task happen-before a successful return
 * from {@code join()}, {@code get()}, {@code resultNow()} or {@code exceptionNow()}, and before
 * every {@link #onDone onDone} callback runs.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Task :
 * int total = TaskGroup.run(tg -> {
 *     Task<Integer> a = tg.fork("a", () -> 20);
 *     Task<Integer> b = tg.fork("b", () -> 22);
 *     return a.join() + b.join();
 * });
 * }
 *
 * @param <T> the result type
 * @since 0.1
 */
public interface Task<T extends @Nullable Object> extends Future<T> {

    /**
     * The task's name: the one given to {@link TaskGroup#fork(String, java.util.concurrent.Callable)},
     * or {@code task-N} for an unnamed task (N numbers the group's tasks from 1 in the order they
     * were forked; a {@link Weft#shield}ed body run in the group takes a number too). The task's
     * thread takes the name {@code <group>/<name>} as it starts running.
     *
     * @return the name, never null
     * @since 0.1
     */
    String name();

    /**
     * Waits for the task's thread to end and returns its result: asyncio's {@code await task}.
     *
     * @return the task's result
     * @throws TaskFailedException if the task threw; {@code getCause()} is its exception
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the calling thread is interrupted or its own scope is
     *     cancelled while waiting (the interrupt status is cleared); the task goes on
     * @since 0.1
     */
    T join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the task's thread to end and returns its result. A
     * negative timeout means zero. The task is not cancelled on timeout.
     *
     * @param timeout how long to wait
     * @return the task's result
     * @throws TaskFailedException if the task threw
     * @throws CancellationException if the task was cancelled
     * @throws TimeoutException if the task's thread is still running at the deadline
     * @throws InterruptedException if the calling thread is interrupted or cancelled
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    T join(Duration timeout) throws InterruptedException, TimeoutException;

    /**
     * Cancels the task: marks it cancelled if it has not completed, and interrupts its thread.
     * Idempotent and never throws. The same as {@code cancel(true)}.
     *
     * @return true if this call cancelled the task, false if it had already completed or been
     *     cancelled
     * @since 0.1
     */
    boolean cancel();

    /**
     * Cancels the task, as {@link #cancel()} does. Weft always interrupts a cancelled task
     * (interrupting is how cancellation is delivered), so {@code mayInterruptIfRunning} is
     * ignored.
     *
     * @param mayInterruptIfRunning ignored
     * @return true if this call cancelled the task
     * @since 0.1
     */
    @Override
    boolean cancel(boolean mayInterruptIfRunning);

    /**
     * Waits for the task's thread to end and returns its result, with {@code Future}'s
     * exceptions.
     *
     * @throws ExecutionException if the task threw; the cause is its exception
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the calling thread is interrupted or cancelled
     * @since 0.1
     */
    @Override
    T get() throws InterruptedException, ExecutionException;

    /**
     * Registers {@code callback} to run exactly once when the task's code has ended, as
     * asyncio's {@code add_done_callback}. Callbacks run in the task's thread, in the order they
     * were added; one added after the task ended runs at once in the calling thread. An
     * exception thrown by a callback is logged and does not affect the task or other callbacks.
     *
     * @param callback receives this task
     * @throws NullPointerException if {@code callback} is null
     * @since 0.1
     */
    void onDone(Consumer<? super Task<T>> callback);

    /**
     * Returns a new {@link CompletableFuture} that completes when this task's code has ended:
     * with its result, exceptionally with the exception it threw (as is, not wrapped), or
     * exceptionally with a {@link CancellationException} (so {@code isCancelled()} is true) if
     * the task was cancelled. The bridge from a Weft task to code that composes
     * {@code CompletionStage}s; asyncio's {@code asyncio.wrap_future} goes the other way.
     *
     * <p>The future is a one-way copy of the task's outcome. Cancelling or completing it does
     * not cancel the task or change its outcome: the group owns the task. It is completed from
     * an {@link #onDone onDone} callback, so it completes once the task's code has ended, in the
     * task's thread (or at once, in the calling thread, if the task has already ended), and
     * dependent stages added without an executor may run there, before {@link #join()} returns
     * (which also waits for the thread to terminate). Handing the failure to the future counts as
     * retrieving it: it is then not logged as never retrieved.
     *
     * <p>Never blocks. Each call returns a new future. Actions in the task happen-before the
     * future completes, and so before actions after {@code get()}/{@code join()} on it return.
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=TaskToCompletableFuture :
     * java.util.concurrent.CompletableFuture<String> page =
     *         tg.fork(() -> fetch(url)).toCompletableFuture();
     * page.thenAccept(p -> cache.put(url, p));
     * }
     *
     * @return a future completed with this task's outcome
     * @since 0.1
     */
    default CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>();
        onDone(t -> {
            switch (t.state()) {
                case SUCCESS -> f.complete(t.resultNow());
                case FAILED -> f.completeExceptionally(t.exceptionNow());
                default -> f.completeExceptionally(new CancellationException("Task '" + t.name() + "' was cancelled"));
            }
        });
        return f;
    }
}
