// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Task;
import dev.weft.TaskGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code TaskGroup.asExecutorService()}: an {@link ExecutorService} whose every task is a task
 * of the group. The contract is documented on {@code dev.weft.TaskGroup#asExecutorService()}.
 */
/*
 * Implementation notes.
 *
 * Each accepted runnable or callable becomes a Work: the body the group's task runs, plus what
 * the executor needs to know about it. Tasks are forked straight into the group (any thread may
 * fork into it), so the group's cancellation, failure and structure rules apply to them as to
 * any task; the executor only adds its own lifecycle on top:
 *
 *   running    accepted and not yet ended. Incremented BEFORE the acceptance check, decremented
 *              when the task's code has ended (onDone) or when the submission is rejected, so
 *              "shut down and running == 0" can only be seen once nothing accepted still runs.
 *   shutdown   set once by shutdown(); stopping set once by shutdownNow().
 *   live       the Works not yet ended, for shutdownNow (cancel them) and close (is the caller
 *              one of them?). Added before the fork, removed when the task ends or the fork fails.
 *   terminated an EventSync, set when running reaches 0 after shutdown (by shutdown() itself if
 *              nothing runs, else by the last task to end). awaitTermination waits on it, so the
 *              wait is WaitQueue's.
 *
 * Work.state: PENDING --task's thread starts the body--> STARTED
 *                     --shutdownNow--> DRAINED   (returned as never started; body never runs)
 *                     --task ended without starting--> DROPPED (the group was cancelled between
 *                                                              acceptance and start)
 * One CAS decides each, so a runnable is either run or returned by shutdownNow, never both. A
 * DROPPED execute() runnable is logged (it has no Future to tell anyone); a dropped submit() is
 * visible as its cancelled Future.
 *
 * shutdownNow vs a submission in progress: the submitter writes Work.task and then reads
 * `stopping`; shutdownNow writes `stopping` and then reads each Work.task. Both volatile, so at
 * least one of them sees the other and cancels the task (cancel is idempotent).
 *
 * Failures: execute() forks the plain body, so its failure fails the group as any task's does;
 * submit/invokeAll/invokeAny fork a KeepsFailure body, so the failure stays in the task (the
 * returned Future) and the group logs it at its end if no one retrieved it. invokeAny retrieves
 * the failures itself (they are its ExecutionException) and ignores what losers throw as they are
 * cancelled, as Weft.race does.
 */
public final class GroupExecutor implements ExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskGroup.class);

    private final Group group;
    private final Set<Work<?>> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final EventSync terminated = new EventSync();
    private volatile boolean shutdown;
    private volatile boolean stopping;

    public GroupExecutor(Group group) {
        this.group = group;
    }

    // ---- starting work ----

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        start(new Work<>(command, Executors.callable(command), true));
    }

    @Override
    public Future<?> submit(Runnable task) {
        Objects.requireNonNull(task, "task");
        return start(new Work<>(task, Executors.callable(task), false));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return start(new Work<>(task, Executors.callable(task, result), false));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return start(new Work<>(new CallableRunnable(task), task, false));
    }

    private <T> Task<T> start(Work<T> w) {
        running.incrementAndGet();
        if (!accepting()) {
            finishOne();
            throw rejected(null);
        }
        live.add(w);
        Task<T> t;
        try {
            t = group.fork(null, w.execute ? w : new KeepsFailure<>(w));
        } catch (IllegalStateException groupEnded) {
            live.remove(w);
            finishOne();
            throw rejected(groupEnded);
        } catch (Throwable e) {
            live.remove(w);
            finishOne();
            throw e;
        }
        w.task = t;
        if (stopping) {
            t.cancel(); // raced with shutdownNow(): see the notes
        }
        t.onDone(x -> ended(w));
        return t;
    }

    private boolean accepting() {
        return !shutdown && !group.isCancelled() && !group.isEnded();
    }

    private RejectedExecutionException rejected(Throwable cause) {
        String why = shutdown
                ? "the executor was shut down"
                : group.isEnded() ? "the group has ended" : "the group was cancelled";
        return new RejectedExecutionException("ExecutorService of " + describe() + " rejected a task: " + why, cause);
    }

    private void ended(Work<?> w) {
        live.remove(w);
        if (STATE.compareAndSet(w, PENDING, DROPPED) && w.execute) {
            LOG.warn(
                    "{} was accepted by the ExecutorService of {} but never ran: "
                            + "the group was cancelled before it started",
                    w.runnable,
                    describe());
        }
        finishOne();
    }

    private void finishOne() {
        if (running.decrementAndGet() == 0 && isShutdown()) {
            terminated.set();
        }
    }

    private String describe() {
        String n = group.name();
        return n == null ? "TaskGroup" : "TaskGroup '" + n + "'";
    }

    // ---- invokeAll / invokeAny ----

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, false, 0L);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return invokeAll(tasks, true, WaitTime.nanos(timeout, unit));
    }

    private <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
            throws InterruptedException {
        List<Callable<T>> list = copy(tasks);
        Cancellation.checkpoint();
        List<Future<T>> futures = new ArrayList<>(list.size());
        if (list.isEmpty()) {
            return futures;
        }
        AtomicInteger left = new AtomicInteger(list.size());
        EventSync allDone = new EventSync();
        boolean ok = false;
        try {
            for (Callable<T> c : list) {
                Future<T> f = submit(c);
                futures.add(f);
                ((Task<?>) f).onDone(x -> {
                    if (left.decrementAndGet() == 0) {
                        allDone.set();
                    }
                });
            }
            allDone.await(timed, nanos);
            ok = true;
        } finally {
            if (!ok) {
                cancelAll(futures);
            }
        }
        cancelAll(futures); // timed out: j.u.c cancels the tasks that have not completed
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, false, 0L);
        } catch (TimeoutException e) {
            throw new AssertionError("an untimed invokeAny timed out", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, true, WaitTime.nanos(timeout, unit));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Callable<T>> list = copy(tasks);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        Cancellation.checkpoint();
        Any<T> any = new Any<>(list.size());
        List<Future<T>> started = new ArrayList<>(list.size());
        try {
            for (Callable<T> c : list) {
                Future<T> f = submit(c);
                started.add(f);
                ((Task<T>) f).onDone(any::ended);
            }
            if (!any.done.await(timed, nanos)) {
                throw new TimeoutException("no task of invokeAny succeeded within the timeout");
            }
            Task<T> w = any.winner;
            if (w != null) {
                return w.resultNow();
            }
            throw any.failure();
        } finally {
            cancelAll(started); // the losers, or everything on timeout, interrupt or rejection
        }
    }

    /** invokeAny's state: the first successful task, and the failures in the order they came. */
    private static final class Any<T> {
        final EventSync done = new EventSync();
        final AtomicInteger left;
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        volatile Task<T> winner;

        Any(int n) {
            left = new AtomicInteger(n);
        }

        /** The task's onDone callback, in its thread once its code has ended. */
        void ended(Task<T> t) {
            ((ForkedTask<?>) t).markRetrieved(); // invokeAny reports (or ignores) its failure
            Future.State s = t.state();
            if (s == Future.State.SUCCESS) {
                if (WINNER.compareAndSet(this, null, t)) {
                    done.set();
                }
            } else {
                failures.add(
                        s == Future.State.FAILED
                                ? t.exceptionNow()
                                : new CancellationException("Task '" + t.name() + "' was cancelled"));
            }
            if (left.decrementAndGet() == 0) {
                done.set();
            }
        }

        ExecutionException failure() {
            Throwable first = failures.poll();
            ExecutionException e = new ExecutionException("every task of invokeAny failed; first: " + first, first);
            for (Throwable more; (more = failures.poll()) != null; ) {
                e.addSuppressed(more);
            }
            return e;
        }
    }

    private static <T> List<Callable<T>> copy(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Callable<T>> list = new ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) {
            list.add(Objects.requireNonNull(c, "task"));
        }
        return list;
    }

    private static void cancelAll(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            f.cancel(true);
        }
    }

    // ---- lifecycle ----

    @Override
    public void shutdown() {
        shutdown = true;
        if (running.get() == 0) {
            terminated.set();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        stopping = true;
        shutdown();
        List<Runnable> neverStarted = new ArrayList<>();
        for (Work<?> w : live) {
            if (STATE.compareAndSet(w, PENDING, DRAINED)) {
                neverStarted.add(w.runnable);
            }
            Task<?> t = w.task;
            if (t != null) {
                t.cancel();
            }
        }
        return neverStarted;
    }

    @Override
    public boolean isShutdown() {
        return shutdown || group.isCancelled() || group.isEnded();
    }

    @Override
    public boolean isTerminated() {
        return isShutdown() && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout, unit);
        Cancellation.checkpoint();
        if (isTerminated()) {
            return true;
        }
        terminated.await(true, nanos);
        return isTerminated();
    }

    /**
     * Shuts down and waits until every task it started has ended, as ExecutorService.close()
     * does; if interrupted or cancelled while waiting, cancels them (shutdownNow) and goes on
     * waiting, without spinning, then re-asserts the interrupt.
     */
    @Override
    public void close() {
        Thread me = Thread.currentThread();
        for (Work<?> w : live) {
            if (w.thread == me) {
                throw new IllegalStateException("a task started by the ExecutorService of " + describe()
                        + " cannot close it: it would wait for itself");
            }
        }
        shutdown();
        boolean interrupted = false;
        try {
            terminated.await(false, 0L);
        } catch (InterruptedException e) {
            interrupted = true;
            shutdownNow();
            terminated.awaitUninterruptibly();
        }
        if (interrupted) {
            me.interrupt();
        }
    }

    @Override
    public String toString() {
        return "ExecutorService[" + describe() + (isTerminated() ? ", terminated" : isShutdown() ? ", shut down" : "")
                + ", running=" + running.get() + "]";
    }

    // ---- one accepted task ----

    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int DRAINED = 2;
    private static final int DROPPED = 3;

    private static final class Work<T> implements Callable<T> {
        /** What shutdownNow returns if this never starts. */
        final Runnable runnable;

        final Callable<T> body;
        /** Started by execute(): its failure fails the group. */
        final boolean execute;

        volatile int state;
        volatile Task<T> task;
        /** The task's thread once the body runs; for close()'s self-check. */
        volatile Thread thread;

        Work(Runnable runnable, Callable<T> body, boolean execute) {
            this.runnable = runnable;
            this.body = body;
            this.execute = execute;
        }

        @Override
        public T call() throws Exception {
            if (!STATE.compareAndSet(this, PENDING, STARTED)) {
                return null; // drained by shutdownNow, which returned the runnable instead
            }
            thread = Thread.currentThread();
            return body.call();
        }
    }

    /** What shutdownNow returns for a submitted Callable that never started. */
    private record CallableRunnable(Callable<?> callable) implements Runnable {
        @Override
        public void run() {
            try {
                callable.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }

        @Override
        public String toString() {
            return "Runnable of " + callable;
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;
    private static final VarHandle WINNER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Work.class, "state", int.class);
            WINNER = l.findVarHandle(Any.class, "winner", Task.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
