// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.ContextPropagator;
import dev.weft.Task;
import dev.weft.TaskFailedException;
import dev.weft.internal.jfr.CancellationEvent;
import dev.weft.internal.jfr.TaskEndEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task running in its own virtual thread: the {@link Task} Weft hands out, and the cancel
 * scope of the code it runs.
 */
/*
 * Implementation notes.
 *
 * Two separate facts describe a task:
 *
 *   state     its Future outcome: RUNNING -> SUCCESS | FAILED | CANCELLED, set once by CAS.
 *             cancel() CASes RUNNING -> CANCELLED from any thread, so isDone()/isCancelled()
 *             turn true at once (Future's contract). The task's thread CASes RUNNING ->
 *             SUCCESS/FAILED when its code returns; if cancel() won, the value is dropped and
 *             an exception is still reported to the group (a failure during cancellation is
 *             a real failure, asyncio GH-95704).
 *   thread    the virtual thread. join()/get() wait as Waiters in `joiners` (a WaitQueue made
 *             on the first join that has to wait) until the code and its onDone callbacks have
 *             ended (`finished`), then Thread.join() the thread (microseconds at most, nothing
 *             left to decide), so they return only after the thread itself has ended too.
 *
 * The body runs only if the task was neither cancelled nor born into a cancelled group;
 * otherwise the thread starts, sees the cancellation, and ends at once, so cancel() works
 * before the task starts and join() never waits on a thread that never ran.
 *
 * `result` holds the value (SUCCESS) or the exception (FAILED, or the body's exception of a
 * cancelled root task). It is written before the state CAS that publishes it and read only
 * after reading that state.
 *
 * `callbacks` is a Treiber stack of onDone callbacks, swapped for DONE when the task ends;
 * whoever finds DONE runs its callback itself, so each runs exactly once.
 *
 * Joiners vs the task's end: the task sets `finished` and then reads `joiners`; a joiner
 * installs `joiners` and then, under its lock, reads `finished` before it links. Both are
 * volatile, so either the task sees the queue and grants everyone in it, or the joiner sees
 * `finished` and does not wait.
 *
 * `next` links the task into its group's list (see Group); `finished` also tells the group's
 * sweeper that the code has ended.
 *
 * `heldLocks` lists the locks some thread started to wait for while this task held them (see
 * MutexSync's notes on a holder that ends without releasing): a Treiber stack of HeldLock,
 * pushed by those waiters, each lock at most once. When the code has ended the task writes
 * `finished`, then reads the list, and if it is not empty swaps it for DONE and breaks every
 * listed lock it still holds. A waiter that finds DONE, or reads `finished` after its push,
 * knows the task has ended.
 *
 * Field access:
 *   group, name, seq, born                final.
 *   thread                                written by the forking thread (fork, and freshThread
 *                                         before a successful start); volatile, read by anyone.
 *                                         Unnamed until it runs: run() names it, threadName().
 *   body, context                         forking thread, then the task's thread (cleared at end).
 *   state                                 CAS by cancel() (any thread) and the task's thread.
 *   result                                task's thread, before the state CAS that publishes it.
 *   callbacks                             CAS by onDone (any thread) and the task's thread.
 *   retrieved                             CAS/store by whoever reports the failure.
 *   finished                              written once by the task's thread.
 *   joiners                               CAS by the first joiner that has to wait.
 *   next                                  the group's list (see Group).
 *   via                                   forking thread, then read once by the task's thread.
 *   current                               the task's own thread only (see Cancellation).
 *   shielded, daemon                      set by the group before start.
 *   abandoned                             written by the shielded caller, read by the task.
 *   lockWait                              the task's thread (Deadlocks), read by any walker.
 *   heldLocks                             CAS by threads about to wait for a lock this task
 *                                         holds; swapped for DONE by the task's thread at its end.
 */
public final class ForkedTask<T> extends Scope implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);
    private static final ThreadFactory UNNAMED = Thread.ofVirtual().factory();

    static final int RUNNING = 0;
    static final int SUCCESS = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;

    private static final Object DONE = new Object();

    /** The group this task belongs to. */
    private final Group group;

    private final String name; // null: unnamed, see name()
    private final int seq;
    /** System.nanoTime() at fork, for the task tree's age. */
    final long born = System.nanoTime();

    private volatile Thread thread;
    private Callable<? extends T> body; // cleared when the code ends
    /** The forking thread's context (Contexts.capture), restored around the body; or null. */
    private Object[] context;

    private volatile int state;
    private Object result;
    private volatile Object callbacks;
    private volatile boolean retrieved;
    volatile boolean finished;
    private volatile Joiners joiners;
    volatile ForkedTask<?> next;
    /** Set by an engine that starts this thread through a structured scope; see runVia. */
    private Runnable via;
    /** The innermost scope this task's thread is in (see Cancellation); owner thread only. */
    Scope current;
    /** TaskGroup.forkDaemon: cancelled when only daemons are left in the group. Set before start. */
    boolean daemon;
    /** Weft.shield: the group waits for this task but never cancels it. Set before start. */
    boolean shielded;
    /** Weft.shield: the caller was cancelled and stopped waiting; no one will retrieve a failure. */
    volatile boolean abandoned;
    /** The Waiter this task's thread parks with on a Lock's contended path, or null (Deadlocks). */
    volatile Waiter lockWait;
    /** Locks waited for while this task held them (HeldLock stack), or DONE once it ended; see the notes. */
    private volatile Object heldLocks;
    /**
     * GroupExecutor (submit, invokeAll, invokeAny): the task's failure stays in its Future and does
     * not fail the group; the group logs it at its end if no one retrieved it. Set at
     * construction, from the body's marker type {@link KeepsFailure}.
     */
    final boolean keepsFailure;

    private ForkedTask(Group group, Scope parent, String name, int seq, Callable<? extends T> body) {
        super(parent);
        this.group = group;
        this.name = name;
        this.seq = seq;
        this.body = body;
        this.keepsFailure = body instanceof KeepsFailure<?>;
        this.context = Contexts.capture();
        this.thread = newThread();
        this.current = this;
    }

    /**
     * An unstarted, still unnamed thread for this task: the task's own thread names itself
     * (see {@link #threadName()}) before anything else runs in it, which keeps the name's
     * string building off the forking thread, the one every fork of a group waits for.
     */
    private Thread newThread() {
        Thread t = UNNAMED.newThread(this);
        t.setUncaughtExceptionHandler(this); // how Cancellation finds this task
        return t;
    }

    /**
     * The name the task's thread runs under: {@code <group>/<task>} ({@code <task>} in an
     * unnamed group), {@code weft-shield} for a shielded body.
     */
    String threadName() {
        if (shielded) {
            return "weft-" + name();
        }
        String g = group.name();
        return g == null ? name() : g + "/" + name();
    }

    /**
     * Gives the task a new, unstarted thread: for an engine whose attempt to start the old one
     * failed in a way that spoiled it. Called by the forking thread before any start succeeded.
     */
    public void freshThread() {
        via = null;
        thread = newThread();
    }

    /**
     * Creates a task; {@link #start()} runs it.
     *
     * @param group receives {@link Group#taskEnded}
     * @param parent the enclosing scope: the group, or null for a shielded task
     * @param name the task's name, or null for {@code task-seq}
     */
    static <T> ForkedTask<T> create(Group group, Scope parent, String name, int seq, Callable<? extends T> body) {
        return new ForkedTask<>(group, parent, name, seq, body);
    }

    /** Starts the task's thread. */
    public void start() {
        thread.start();
    }

    /**
     * For engines that start the thread through a structured scope: the scope's thread factory
     * returns {@link #thread()} and passes its own runnable here; the thread runs that runnable,
     * which must call back {@link #scopeTask()}.
     */
    public void runVia(Runnable scopeRunnable) {
        this.via = scopeRunnable;
    }

    /** What an engine forks into a structured scope for this task: runs the task, returns null. */
    public java.util.concurrent.Callable<Void> scopeTask() {
        return () -> {
            runTask();
            return null;
        };
    }

    /** The task's thread. */
    public Thread thread() {
        return thread;
    }

    @Override
    protected Thread owner() {
        return thread;
    }

    @Override
    public void run() {
        Thread.currentThread().setName(threadName()); // before any code of the task or engine
        Runnable v = via;
        if (v != null) {
            via = null;
            v.run(); // a structured scope's wrapper, which calls runTask() through scopeTask()
        } else {
            runTask();
        }
    }

    private void runTask() {
        Callable<? extends T> b = body;
        boolean ran = false;
        T value = null;
        Throwable thrown = null;
        Object[] ctx = context;
        context = null;
        TaskEndEvent jfr = new TaskEndEvent(); // dev.weft.TaskEnd: free unless JFR records it
        jfr.begin();
        if (state == RUNNING && !isScopeCancelled()) {
            ran = true;
            ContextPropagator.Restored[] restored = Contexts.restore(ctx);
            try {
                value = b.call();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                Contexts.close(ctx, restored);
            }
        }
        body = null;
        exit();
        Throwable failure = null;
        if (!ran || isCancellation(thrown)) {
            if (thrown != null) {
                result = thrown; // kept for Weft.run, which rethrows the root's own exception
            }
            STATE.compareAndSet(this, RUNNING, CANCELLED);
        } else if (thrown == null) {
            result = value;
            if (!STATE.compareAndSet(this, RUNNING, SUCCESS)) {
                result = null; // cancel() won: the value is dropped
            }
        } else {
            failure = thrown;
            result = thrown; // also kept if cancel() won, for Weft.run's root task
            STATE.compareAndSet(this, RUNNING, FAILED);
        }
        if (jfr.shouldCommit()) {
            jfr.ended(name(), group.name(), state());
        }
        runCallbacks();
        finished = true;
        if (heldLocks != null) {
            breakHeldLocks(); // after `finished`: see the notes
        }
        Joiners j = joiners;
        if (j != null) {
            j.release();
        }
        group.taskEnded(this, failure);
    }

    /**
     * Not an uncaught-exception handler of Weft's own: {@link #run()} catches everything. The
     * task sits in this per-thread slot so that {@link Cancellation} can find it (see there);
     * anything that still reaches here gets the JVM's default handling.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        Thread.UncaughtExceptionHandler dflt = Thread.getDefaultUncaughtExceptionHandler();
        if (dflt != null) {
            dflt.uncaughtException(t, e);
        } else {
            t.getThreadGroup().uncaughtException(t, e);
        }
    }

    /**
     * Called by a thread about to wait for {@code lock}, which this task holds: lists the lock,
     * so that this task breaks it if it ends still holding it (see the notes).
     *
     * @return false if this task's code has already ended (the caller then breaks the lock)
     */
    boolean watchHeldLock(MutexSync lock) {
        for (; ; ) {
            Object head = heldLocks;
            if (head == DONE) {
                return false;
            }
            for (HeldLock n = (HeldLock) head; n != null; n = n.next()) {
                if (n.lock == lock) {
                    return !finished;
                }
            }
            if (HELD_LOCKS.compareAndSet(this, head, new HeldLock(lock, (HeldLock) head))) {
                return !finished;
            }
        }
    }

    /** The code has ended: breaks every listed lock this task still holds. Task's thread only. */
    private void breakHeldLocks() {
        Thread me = thread;
        for (HeldLock n = (HeldLock) HELD_LOCKS.getAndSet(this, DONE); n != null; n = n.next()) {
            n.lock.breakBy(me);
        }
    }

    /** One entry of {@code heldLocks}. */
    private record HeldLock(MutexSync lock, HeldLock next) {}

    /** Exceptions that mean "this task was cancelled", not "this task failed". */
    static boolean isCancellation(Throwable t) {
        return t instanceof InterruptedException
                || t instanceof CancellationException
                || t instanceof ClosedByInterruptException;
    }

    // ---- Task / Future ----

    @Override
    public String name() {
        return name != null ? name : "task-" + seq;
    }

    @Override
    protected String describe() {
        return "Task '" + name() + "'";
    }

    @Override
    public boolean cancel() {
        return cancelTask(Cancel.TASK_CANCEL);
    }

    /**
     * Cancels the task with {@code why}: its outcome becomes CANCELLED (unless it already has
     * one) and its scope is cancelled, which interrupts its thread.
     *
     * @return true if this call cancelled it
     */
    boolean cancelTask(Cancel why) {
        if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
            CancellationEvent.emit(this, why.text()); // before the task can see it; the text its messages carry
            cancel(why);
            return true;
        }
        return false;
    }

    /** What a joiner's CancellationException says: the task and why it was cancelled. */
    String cancelledMessage() {
        String why = cancelText(false);
        if (why != null) {
            return "Task '" + name() + "' was cancelled: " + why;
        }
        Object r = result;
        return r instanceof Throwable t
                ? "Task '" + name() + "' was cancelled: its code threw " + t
                : "Task '" + name() + "' was cancelled";
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public boolean isDone() {
        return state != RUNNING;
    }

    @Override
    public State state() {
        return switch (state) {
            case RUNNING -> State.RUNNING;
            case SUCCESS -> State.SUCCESS;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    @Override
    public T join() throws InterruptedException {
        awaitEnd();
        return report();
    }

    @Override
    public T join(Duration timeout) throws InterruptedException, TimeoutException {
        if (!awaitEnd(WaitTime.nanos(timeout))) {
            throw new TimeoutException("Task '" + name() + "' still running after " + timeout);
        }
        return report();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitEnd();
        return reportFuture();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!awaitEnd(WaitTime.nanos(timeout, unit))) {
            throw new TimeoutException("Task '" + name() + "' still running after " + timeout + " " + unit);
        }
        return reportFuture();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T resultNow() {
        if (state != SUCCESS) {
            throw new IllegalStateException("Task '" + name() + "' has no result: it is " + state());
        }
        return (T) result;
    }

    @Override
    public Throwable exceptionNow() {
        if (state != FAILED) {
            throw new IllegalStateException("Task '" + name() + "' did not fail: it is " + state());
        }
        retrieved = true;
        return (Throwable) result;
    }

    @Override
    public void onDone(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        Callback node = new Callback(callback);
        for (Object head = callbacks; ; head = callbacks) {
            if (head == DONE) {
                runCallback(callback);
                return;
            }
            node.next = (Callback) head;
            if (CALLBACKS.compareAndSet(this, head, node)) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }

    // ---- internals ----

    /** Waits for the task's end. */
    private void awaitEnd() throws InterruptedException {
        awaitEnd(-1L);
    }

    /**
     * Waits until the task's code and callbacks have ended and its thread has terminated. A
     * task ending as the joiner is interrupted: the ended task wins (see Waiter).
     *
     * @param nanos how long at most, or negative for no limit
     * @return false on timeout
     */
    boolean awaitEnd(long nanos) throws InterruptedException {
        checkNotSelf();
        Cancellation.checkpoint();
        if (!finished && !joiners().await(this, nanos)) {
            return false;
        }
        awaitThread();
        return true;
    }

    private Joiners joiners() {
        Joiners j = joiners;
        if (j == null) {
            j = new Joiners();
            j.parkOn(this, null); // joiners park on the task: dumps and the task tree say whose end they wait for
            if (!JOINERS.compareAndSet(this, null, j)) {
                j = joiners;
            }
        }
        return j;
    }

    /** The code has ended: waits for the thread to terminate, keeping any interrupt. */
    private void awaitThread() {
        Thread t = thread;
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The threads waiting for this task to end. */
    private static final class Joiners extends WaitQueue {
        private boolean released; // under the queue lock

        /** @return false if the time ran out first */
        boolean await(ForkedTask<?> task, long nanos) throws InterruptedException {
            lockQueue();
            if (released || task.finished) {
                unlockQueue();
                return true;
            }
            Waiter w = link();
            unlockQueue();
            return w.await(nanos, Waiter.Spin.NONE) != Waiter.TIMED_OUT;
        }

        void release() {
            lockQueue();
            released = true;
            Waiter chain = grantUpTo(Integer.MAX_VALUE, 0);
            unlockQueue();
            WaitList.unparkAll(chain);
        }
    }

    private void checkNotSelf() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("Task '" + name() + "' cannot join itself");
        }
    }

    @SuppressWarnings("unchecked")
    private T report() {
        int s = state;
        if (s == SUCCESS) {
            return (T) result;
        }
        if (s == FAILED) {
            retrieved = true;
            Throwable cause = (Throwable) result;
            throw new TaskFailedException("Task '" + name() + "' failed: " + cause, cause);
        }
        throw new CancellationException(cancelledMessage());
    }

    @SuppressWarnings("unchecked")
    private T reportFuture() throws ExecutionException {
        int s = state;
        if (s == SUCCESS) {
            return (T) result;
        }
        if (s == FAILED) {
            retrieved = true;
            throw new ExecutionException((Throwable) result);
        }
        throw new CancellationException(cancelledMessage());
    }

    /** The exception the body threw, whatever the state; for Weft.run's root task. */
    Throwable thrown() {
        int s = state;
        return s != SUCCESS && result instanceof Throwable t ? t : null;
    }

    int rawState() {
        return state;
    }

    void markRetrieved() {
        retrieved = true;
    }

    /** Claims the right to report this task's failure: true once, if no one has seen it yet. */
    boolean claimUnretrieved() {
        return RETRIEVED.compareAndSet(this, false, true);
    }

    /** For a shielded task: logs its failure if its caller has stopped waiting for it. */
    void logIfAbandoned(Throwable failure) {
        if (abandoned && claimUnretrieved()) {
            logNeverRetrieved("Shielded task '" + name() + "'", failure);
        }
    }

    /** Logs, once, a failure that no one will ever see otherwise (asyncio's "never retrieved"). */
    static void logNeverRetrieved(String who, Throwable failure) {
        LOG.warn("{} failed and its exception was never retrieved", who, failure);
    }

    private void runCallbacks() {
        Object head = CALLBACKS.getAndSet(this, DONE);
        Callback reversed = null;
        for (Callback c = (Callback) head; c != null; ) {
            Callback n = c.next;
            c.next = reversed;
            reversed = c;
            c = n;
        }
        for (Callback c = reversed; c != null; c = c.next) {
            runCallback(c.fn);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runCallback(Consumer fn) {
        try {
            fn.accept(this);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.error("onDone callback of Task '{}' threw", name(), t);
        }
    }

    private static final class Callback {
        final Consumer<?> fn;
        Callback next;

        Callback(Consumer<?> fn) {
            this.fn = fn;
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;
    private static final VarHandle CALLBACKS;
    private static final VarHandle RETRIEVED;
    private static final VarHandle JOINERS;
    private static final VarHandle HELD_LOCKS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ForkedTask.class, "state", int.class);
            CALLBACKS = l.findVarHandle(ForkedTask.class, "callbacks", Object.class);
            RETRIEVED = l.findVarHandle(ForkedTask.class, "retrieved", boolean.class);
            JOINERS = l.findVarHandle(ForkedTask.class, "joiners", Joiners.class);
            HELD_LOCKS = l.findVarHandle(ForkedTask.class, "heldLocks", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
