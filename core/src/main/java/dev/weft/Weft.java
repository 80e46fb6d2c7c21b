// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.AwaitTasks;
import dev.weft.internal.Cancellation;
import dev.weft.internal.Combinators;
import dev.weft.internal.CompletionStream;
import dev.weft.internal.Contexts;
import dev.weft.internal.RootTask;
import dev.weft.internal.Shield;
import dev.weft.internal.StageJoin;
import dev.weft.internal.TaskTrees;
import dev.weft.internal.Timeouts;
import dev.weft.internal.ToThread;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.Nullable;

/**
 * Entry points of Weft: asyncio's module-level functions ({@code asyncio.run},
 * {@code asyncio.sleep}, {@code gather}, {@code wait_for}, {@code as_completed}, ...).
 *
 * <p>Every combinator is structured: none returns while work it started is still running,
 * except {@link #await} (which, like asyncio's {@code wait}, leaves pending tasks to their
 * group) and {@link #shield} (whose body, if the caller is cancelled, is left to the caller's
 * group, which waits for it). Cancelling the caller cancels the work it started.
 *
 * <p><b>Timeouts are cancel scopes.</b> {@link #waitFor(Duration, Block)} runs its body in the
 * calling thread; when the deadline passes the body is cancelled (interrupted, and every
 * blocking Weft call in it, its tasks and its groups throws {@link InterruptedException} from
 * then on), and once the body has ended the timeout surfaces as {@link TimeoutException},
 * reported by the scope that owns that deadline and by no other. Nested scopes take the
 * earliest deadline; {@link #deadline()} tells code the effective one.
 *
 * @since 0.1
 */
public final class Weft {

    private Weft() {}

    /**
     * Runs {@code body} in a new virtual thread as a root task, waits for it, and returns its
     * result or rethrows its exception as it is: asyncio's {@code asyncio.run(main())}.
     *
     * <p>If the calling thread is interrupted while it waits, the body is cancelled, and this
     * method throws {@link InterruptedException} after the body's thread has ended. The body
     * runs inside the caller's scope: it sees the caller's cancellation.
     *
     * <p>Actions of the body happen-before this method returns.
     *
     * @param body the code to run
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return the body's result
     * @throws X the body's own exception, unchanged (as are unchecked exceptions and errors)
     * @throws InterruptedException if the caller was interrupted or cancelled, or the body was
     *     cancelled
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T run(Block<T, X> body)
            throws X, InterruptedException {
        Objects.requireNonNull(body, "body");
        Cancellation.checkpoint();
        return RootTask.run(body);
    }

    /**
     * Suspends the calling task for {@code duration}: asyncio's {@code asyncio.sleep}. A zero or
     * negative duration returns at once after checking for cancellation.
     *
     * @param duration how long to sleep
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or during the sleep (the interrupt status is cleared)
     * @throws NullPointerException if {@code duration} is null
     * @since 0.1
     */
    public static void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        Cancellation.checkpoint();
        Timeouts.sleep(WaitTime.nanos(duration));
    }

    /**
     * A snapshot of every live task group and task in the JVM, with their states, ages,
     * cancellation reasons and what each blocked task waits on: asyncio 3.14's
     * {@code python -m asyncio pstree}, from inside the process. {@link TaskTree#toString()}
     * draws it; {@link TaskTree#toJson()} gives JSON. The same tree is served over JMX as the
     * MXBean {@code dev.weft:type=Tasks} (registered when the first group opens, unless
     * {@code -Dweft.jmx=false}), which {@code java -jar weft-tools.jar ps|pstree <pid>} reads.
     *
     * <p>Never blocks and changes nothing: the snapshot is read while the tasks run (see
     * {@link TaskTree} on consistency). Costs a walk over the live tasks.
     *
     * @return the snapshot
     * @since 0.1
     */
    public static TaskTree taskTree() {
        return new TaskTree(TaskTrees.snapshot());
    }

    /**
     * The task the calling code runs in: asyncio's {@code current_task()}. Empty outside Weft's
     * tasks: in a plain thread, in a group's opener, and in a {@link #toThread} body (which
     * runs on a pool thread, as asyncio's {@code to_thread} runs outside the event loop). The
     * body of {@link #run} is a task (named {@code weft-main}), and so is a {@link #shield}ed
     * body. Never blocks.
     *
     * @return the current task, or empty
     * @since 0.1
     */
    public static Optional<Task<?>> currentTask() {
        return Optional.ofNullable(Cancellation.currentTask());
    }

    /**
     * Registers {@code propagator}: from now on, the context it captures in a thread that
     * starts Weft work is restored in the thread that runs that work (see
     * {@link ContextPropagator}). asyncio copies {@code contextvars} into every task; this is how
     * a Java service carries its own thread-locals along. Propagators found by
     * {@link java.util.ServiceLoader}, and SLF4J's MDC (unless {@code -Dweft.context.mdc=false}),
     * are registered without this call. Work started before the call is not affected.
     * Thread-safe; never blocks.
     *
     * @param propagator the propagator to add (it stays registered for the life of the JVM)
     * @throws NullPointerException if {@code propagator} is null
     * @since 0.1
     */
    public static void addContextPropagator(ContextPropagator propagator) {
        Contexts.add(Objects.requireNonNull(propagator, "propagator"));
    }

    // ---- timeouts ----

    /**
     * Runs {@code body} in the calling thread with a timeout: asyncio's {@code wait_for} and
     * {@code timeout()}. If the body is still running {@code timeout} from now, it is cancelled;
     * once it has ended, {@link TimeoutException} is thrown. A value the body returns wins over a
     * deadline that passed as it finished. A zero or negative timeout times out at once if the
     * body blocks in a Weft call.
     *
     * <p>After this method returns normally or throws {@code TimeoutException}, the caller's
     * interrupt status is what it was before (unless an enclosing scope was cancelled, whose
     * cancellation is kept). An interrupt from outside surfaces as
     * {@link InterruptedException}, not as a timeout; so does an enclosing, earlier deadline,
     * which its own scope then reports.
     *
     * @param timeout how long the body may run
     * @param body the code, run in the calling thread
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return what the body returned
     * @throws TimeoutException if this call's deadline passed and cancelled the body
     * @throws X what the body threw, unchanged (an exception the body raised while being
     *     cancelled included)
     * @throws InterruptedException if the caller was interrupted or an enclosing scope cancelled
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T waitFor(Duration timeout, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(body, "body");
        return Timeouts.waitFor(WaitTime.nanos(timeout), timeout, body);
    }

    /**
     * As {@link #waitFor(Duration, Block)}, with an absolute deadline.
     *
     * @param deadline when the body is cancelled
     * @param body the code, run in the calling thread
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return what the body returned
     * @throws TimeoutException if the deadline passed and cancelled the body
     * @throws X what the body threw, unchanged
     * @throws InterruptedException if the caller was interrupted or an enclosing scope cancelled
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T waitFor(Instant deadline, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(body, "body");
        return Timeouts.waitFor(WaitTime.nanosUntil(deadline), deadline, body);
    }

    /**
     * Runs {@code body} in the calling thread and gives up on it after {@code timeout}: Trio's
     * {@code move_on_after}. As {@link #waitFor(Duration, Block)}, but a timeout of this call
     * gives {@link Optional#empty()} instead of an exception. An enclosing deadline still
     * surfaces (as {@code InterruptedException} here, reported by its own scope): an inner
     * move-on never swallows an outer deadline.
     *
     * @param timeout how long the body may run
     * @param body the code, run in the calling thread
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return the body's value, or empty if this call timed out (or the body returned null)
     * @throws X what the body threw, unchanged
     * @throws InterruptedException if the caller was interrupted or an enclosing scope cancelled
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> Optional<@NonNull T> moveOnAfter(
            Duration timeout, Block<T, X> body) throws X, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(body, "body");
        return Timeouts.moveOnAfter(WaitTime.nanos(timeout), timeout, body);
    }

    /**
     * The effective deadline of the scope the calling code runs in: the earliest deadline of
     * every {@code waitFor}/{@code moveOnAfter} around it, in this task and in the tasks that
     * forked it. Pass it on to an HTTP client or a database driver. Trio's
     * {@code current_effective_deadline()}.
     *
     * @return the deadline, or empty outside any timeout scope (and inside {@link #shield})
     * @since 0.1
     */
    public static Optional<Instant> deadline() {
        return Timeouts.deadline();
    }

    // ---- gather, race, map ----

    /**
     * Runs every callable as a task and returns their results in input order: asyncio's
     * {@code gather}. The first failure cancels the others, and once they have all ended
     * {@link TaskGroupException} is thrown (cause: the first failure). A callable that ends
     * cancelled on its own (it threw {@link java.util.concurrent.CancellationException}, say by
     * joining a cancelled future) has no result: gather then throws
     * {@link java.util.concurrent.CancellationException} naming it, as asyncio's gather
     * propagates the child's {@code CancelledError}.
     *
     * @param callables the work
     * @param <T> the result type
     * @return the results, in input order (nulls allowed), unmodifiable
     * @throws TaskGroupException if any callable failed
     * @throws java.util.concurrent.CancellationException if a callable ended cancelled on its
     *     own (the group did not fail)
     * @throws InterruptedException if the caller was interrupted or cancelled (the tasks are
     *     cancelled and have ended)
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    @SafeVarargs
    public static <T extends @Nullable Object> List<T> gather(Callable<? extends T>... callables)
            throws InterruptedException {
        return Combinators.gather(Arrays.asList(Objects.requireNonNull(callables, "callables")));
    }

    /**
     * As {@link #gather(Callable[])}, for a collection.
     *
     * @param callables the work
     * @param <T> the result type
     * @return the results, in input order
     * @throws TaskGroupException if any callable failed
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> List<T> gather(Collection<? extends Callable<? extends T>> callables)
            throws InterruptedException {
        return Combinators.gather(callables);
    }

    /**
     * Runs every callable as a task and returns each outcome, in input order: asyncio's
     * {@code gather(..., return_exceptions=True)}. A failure does not cancel the others. A
     * callable that cancelled itself gives a {@link Result.Failure} with a
     * {@link java.util.concurrent.CancellationException}. Cancelling the caller cancels the
     * tasks and throws {@link InterruptedException} (asyncio bpo-32684).
     *
     * @param callables the work
     * @param <T> the result type
     * @return one {@link Result} per callable, in input order, unmodifiable
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    @SafeVarargs
    public static <T extends @Nullable Object> List<Result<T>> gatherSettled(Callable<? extends T>... callables)
            throws InterruptedException {
        return Combinators.gatherSettled(Arrays.asList(Objects.requireNonNull(callables, "callables")));
    }

    /**
     * As {@link #gatherSettled(Callable[])}, for a collection.
     *
     * @param callables the work
     * @param <T> the result type
     * @return one {@link Result} per callable, in input order
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> List<Result<T>> gatherSettled(
            Collection<? extends Callable<? extends T>> callables) throws InterruptedException {
        return Combinators.gatherSettled(callables);
    }

    /**
     * Runs every callable as a task and returns the first successful result; the others are
     * cancelled and have ended when it returns: the JDK's {@code anySuccessfulResultOrThrow}.
     * Failures do not end the race while a callable may still succeed, and once one has
     * succeeded, whatever the others throw as they are cancelled is ignored.
     *
     * @param callables the contestants; at least one
     * @param <T> the result type
     * @return the first successful result
     * @throws TaskGroupException if every callable failed; {@code failures()} lists them all
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws IllegalArgumentException if there is no callable
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    @SafeVarargs
    public static <T extends @Nullable Object> T race(Callable<? extends T>... callables) throws InterruptedException {
        return Combinators.race(Arrays.asList(Objects.requireNonNull(callables, "callables")));
    }

    /**
     * As {@link #race(Callable[])}, for a collection.
     *
     * @param callables the contestants; at least one
     * @param <T> the result type
     * @return the first successful result
     * @throws TaskGroupException if every callable failed
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws IllegalArgumentException if there is no callable
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> T race(Collection<? extends Callable<? extends T>> callables)
            throws InterruptedException {
        return Combinators.race(callables);
    }

    /**
     * Applies {@code fn} to every item with at most {@code concurrency} calls running at once,
     * and returns the results in input order: {@code executor.map(fn, items)} with
     * {@code max_workers}. The first failure cancels the rest, and no new item is started
     * after it. It never returns unless every result was produced.
     *
     * @param items the inputs
     * @param concurrency the most calls running at once; at least 1
     * @param fn the function, run in tasks
     * @param <T> the input type
     * @param <R> the result type
     * @return the results in input order (nulls allowed), unmodifiable
     * @throws TaskGroupException if {@code fn} failed on any item
     * @throws java.util.concurrent.CancellationException if {@code fn} itself threw
     *     {@code CancellationException} on an item (the rest is cancelled; that item has no result)
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws IllegalArgumentException if {@code concurrency < 1}
     * @throws NullPointerException if {@code items} or {@code fn} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            Collection<? extends T> items, int concurrency, CheckedFunction<? super T, ? extends R> fn)
            throws InterruptedException {
        return Combinators.map(items, concurrency, fn);
    }

    // ---- as_completed and wait ----

    /**
     * Runs every callable as a task owned by the returned {@link AsCompleted}, which hands the
     * tasks out in the order they end: asyncio's {@code as_completed}. Use it in
     * try-with-resources; closing it cancels the tasks still running and waits for them.
     *
     * @param callables the work
     * @param <T> the result type
     * @return the tasks in completion order
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    @SafeVarargs
    public static <T extends @Nullable Object> AsCompleted<T> asCompleted(Callable<? extends T>... callables) {
        return asCompleted(Arrays.asList(Objects.requireNonNull(callables, "callables")));
    }

    /**
     * As {@link #asCompleted(Callable[])}, for a collection.
     *
     * @param callables the work
     * @param <T> the result type
     * @return the tasks in completion order
     * @throws NullPointerException if {@code callables} or an element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> AsCompleted<T> asCompleted(
            Collection<? extends Callable<? extends T>> callables) {
        return new AsCompleted<>(new CompletionStream<>(Combinators.copyOf(callables, "callables"), -1L));
    }

    /**
     * As {@link #asCompleted(Collection)}, with a time limit: once {@code timeout} from now has
     * passed, {@link AsCompleted#next()} throws {@link TimeoutException}. The tasks still
     * running are not cancelled by the timeout (asyncio semantics), only by closing.
     *
     * @param callables the work
     * @param timeout how long the whole iteration may take
     * @param <T> the result type
     * @return the tasks in completion order
     * @throws NullPointerException if an argument or element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> AsCompleted<T> asCompleted(
            Collection<? extends Callable<? extends T>> callables, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long nanos = WaitTime.nanos(timeout);
        return new AsCompleted<>(new CompletionStream<>(Combinators.copyOf(callables, "callables"), nanos));
    }

    /**
     * Waits until {@code when} holds for {@code tasks} and returns which have ended and which
     * are still running: asyncio's {@code wait}. Cancels nothing: pending tasks stay with
     * their group. A task counts as done once its code has ended.
     *
     * @param tasks the tasks to watch; at least one
     * @param when the condition
     * @param <T> the tasks' result type
     * @return the split
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if an argument or element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> Done<T> await(Collection<? extends Task<T>> tasks, ReturnWhen when)
            throws InterruptedException {
        return AwaitTasks.await(tasks, when, -1L);
    }

    /**
     * As {@link #await(Collection, ReturnWhen)}, returning the split as it is when
     * {@code timeout} has passed (asyncio's {@code wait(timeout=)}: no exception).
     *
     * @param tasks the tasks to watch; at least one
     * @param when the condition
     * @param timeout how long to wait at most; negative means zero
     * @param <T> the tasks' result type
     * @return the split
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if an argument or element is null
     * @since 0.1
     */
    public static <T extends @Nullable Object> Done<T> await(
            Collection<? extends Task<T>> tasks, ReturnWhen when, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return AwaitTasks.await(tasks, when, WaitTime.nanos(timeout));
    }

    // ---- java.util.concurrent ----

    /**
     * Waits for {@code stage} to complete and returns its value: the bridge from a
     * {@link CompletionStage} ({@code CompletableFuture}, an HTTP client's {@code sendAsync}, a
     * driver's async API) to blocking Weft code. asyncio's {@code await} of a wrapped future
     * ({@code asyncio.wrap_future}).
     *
     * <p>Its failure is thrown as {@link TaskFailedException} with the stage's exception as the
     * cause, unwrapped from {@link java.util.concurrent.CompletionException}, as
     * {@link Task#join()} reports a task's failure; a cancelled stage throws
     * {@link java.util.concurrent.CancellationException}.
     *
     * <p><b>Cancellation.</b> A Weft blocking call: it checks for cancellation first, and waits
     * interruptibly. If the caller is interrupted or its task or scope cancelled, before or while
     * waiting, the stage is cancelled too ({@link java.util.concurrent.Future#cancel(boolean)
     * cancel(true)} if it is a {@code Future}, else through {@code toCompletableFuture()};
     * stages that cannot be cancelled are left alone) and this method throws
     * {@link InterruptedException} with the interrupted status cleared: the work the caller
     * waited for does not go on without it. Pass {@code future.copy()} for a future others also
     * wait on, so that one waiter's cancellation does not cancel it for everyone. When the stage
     * completes as the caller is cancelled, the completion wins: its outcome is reported and the
     * interrupt status is set again, so the next blocking call sees the cancellation. A deadline
     * of an enclosing {@link #waitFor(Duration, Block)} cancels the wait (and the stage) like any
     * Weft call.
     *
     * <p><b>Memory consistency effects.</b> Actions of the thread that completed the stage,
     * before it completed it, happen-before this method returns.
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=WeftJoin :
     * HttpResponse<String> r =
     *         Weft.join(client.sendAsync(request, BodyHandlers.ofString()));
     * }
     *
     * @param stage what to wait for
     * @param <T> the value type
     * @return the stage's value (may be null)
     * @throws TaskFailedException if the stage completed exceptionally
     * @throws java.util.concurrent.CancellationException if the stage was cancelled
     * @throws InterruptedException if the caller was interrupted or cancelled; the stage has been
     *     cancelled
     * @throws NullPointerException if {@code stage} is null
     * @since 0.1
     */
    public static <T> T join(CompletionStage<? extends T> stage) throws InterruptedException {
        Objects.requireNonNull(stage, "stage");
        return StageJoin.join(stage);
    }

    // ---- shield and toThread ----

    /**
     * Runs {@code body} in the caller with the caller's cancellation held off, for at most
     * {@code limit}: Trio's shielded {@code CancelScope}, Kotlin's
     * {@code withContext(NonCancellable)}. A cancelled task can still release a resource in a
     * {@code finally} that needs a blocking Weft call (acquire a lock, put to a queue, join a
     * task):
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=WeftCleanup :
     * try {
     *     work();
     * } finally {
     *     Weft.cleanup(java.time.Duration.ofSeconds(1), () -> {
     *         lock.acquire(); // would throw at once in a cancelled task
     *         try {
     *             ledger.rollBack();
     *         } finally {
     *             lock.release();
     *         }
     *         return null;
     *     });
     * }
     * }
     *
     * <p>Inside the body, the caller's cancellation (of its task, its groups, its deadlines) is
     * not seen: blocking Weft calls do not throw because of it, and an enclosing cancellation
     * that happens while the body runs does not interrupt it; it is held off and delivered when
     * {@code cleanup} returns. An interrupt already pending on entry is held off the same way. The
     * body has its own deadline, {@code limit} (a cleanup that never ended would be a hang):
     * when it passes, the body is cancelled and {@code cleanup} throws {@link TimeoutException}.
     * After {@code cleanup} returns or throws, the caller's cancellation is in force again: its
     * next blocking Weft call throws {@link InterruptedException}, and an interrupt held off is
     * re-asserted. Unlike {@link #shield}, the body runs in the caller's own thread. An interrupt
     * from outside Weft ({@code Thread.interrupt()} by other code) is not held off.
     *
     * @param limit the longest the body may run; negative means zero
     * @param body the cleanup code
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return what the body returned
     * @throws X what the body threw, unchanged
     * @throws TimeoutException if {@code limit} passed before the body ended (the body was
     *     cancelled and has ended)
     * @throws InterruptedException if the body threw it for another reason than its limit
     * @throws NullPointerException if {@code limit} or {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T cleanup(Duration limit, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(body, "body");
        return Timeouts.cleanup(WaitTime.nanos(limit), limit, body);
    }

    /**
     * Runs {@code body} protected from the caller's cancellation: asyncio's {@code shield}.
     * The body runs in its own task, out of reach of every enclosing cancellation and deadline.
     * If the caller is cancelled while waiting, it gets {@link InterruptedException} at once
     * and the body keeps running, owned by the caller's enclosing {@link TaskGroup} (or
     * {@link #run}), which waits for it: nothing is orphaned. Called outside any group (from a
     * plain thread), there is nothing to hand the body to, so a cancelled caller waits for the
     * body to end and then throws {@link InterruptedException}. A failure of a body whose
     * caller has gone is logged once. Under the {@code sts} engine the body sees the
     * {@code ScopedValue} bindings of the owning group's opener.
     *
     * @param body the code to protect
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return what the body returned
     * @throws X what the body threw, unchanged
     * @throws InterruptedException if the caller was cancelled (before or while waiting)
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T shield(Block<T, X> body)
            throws X, InterruptedException {
        Objects.requireNonNull(body, "body");
        return Shield.shield(body);
    }

    /**
     * Runs {@code body} on a bounded pool of platform threads and waits for it: asyncio's
     * {@code to_thread}, for CPU-heavy code or code that would pin a virtual thread. The pool
     * has {@code -Dweft.toThread.threads} threads (default: the number of processors, at least
     * 2). Cancelling the caller interrupts the worker; the call returns only once the body has
     * ended. The body sees the caller's deadlines and cancellation.
     *
     * @param body the code
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return what the body returned
     * @throws X what the body threw, unchanged
     * @throws InterruptedException if the caller was interrupted or cancelled
     * @throws NullPointerException if {@code body} is null
     * @since 0.1
     */
    public static <T extends @Nullable Object, X extends Exception> T toThread(Block<T, X> body)
            throws X, InterruptedException {
        Objects.requireNonNull(body, "body");
        return ToThread.call(body);
    }
}
