package dev.weft.internal;

import dev.weft.Task;
import dev.weft.TaskFailedException;
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
import java.util.concurrent.locks.LockSupport;
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
 *   thread    the virtual thread. join()/get() wait for it to terminate (Thread.join), so
 *             they return only after the task's code, its onDone callbacks and the thread
 *             itself have ended.
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
 * `next` links the task into its group's list (see ThreadsGroup); `finished` tells the group's
 * sweeper that the code has ended.
 */
public final class ForkedTask<T> extends Scope implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);
    private static final ThreadFactory UNNAMED = Thread.ofVirtual().factory();

    static final int RUNNING = 0;
    static final int SUCCESS = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;

    private static final Object DONE = new Object();

    /** The group this task belongs to; null for a root task (Weft.run). */
    private final TaskOwner group;
    private final String name; // null: unnamed, see name()
    private final int seq;
    private final Thread thread;
    private Callable<? extends T> body; // cleared when the code ends
    private volatile int state;
    private Object result;
    private volatile Object callbacks;
    private volatile boolean retrieved;
    volatile boolean finished;
    volatile ForkedTask<?> next;
    /** Set by an engine that starts this thread through a structured scope; see runVia. */
    private Runnable via;
    /** The innermost scope this task's thread is in (see Cancellation); owner thread only. */
    Scope current;
    /** Weft.shield: the group waits for this task but never cancels it. Set before start. */
    boolean shielded;
    /** Weft.shield: the caller was cancelled and stopped waiting; no one will retrieve a failure. */
    volatile boolean abandoned;
    /**
     * GroupExecutor (submit, invokeAll, invokeAny): the task's failure stays in its Future and does
     * not fail the group; the group logs it at its end if no one retrieved it. Set at
     * construction, from the body's marker type {@link KeepsFailure}.
     */
    final boolean keepsFailure;

    private ForkedTask(
            TaskOwner group, Scope parent, String name, String threadName, int seq, Callable<? extends T> body) {
        super(parent);
        this.group = group;
        this.name = name;
        this.seq = seq;
        this.body = body;
        this.keepsFailure = body instanceof KeepsFailure<?>;
        this.thread = threadName == null ? UNNAMED.newThread(this) : Thread.ofVirtual().name(threadName).unstarted(this);
        this.thread.setUncaughtExceptionHandler(this); // how Cancellation finds this task
        this.current = this;
    }

    /**
     * Creates a task; {@link #start()} runs it.
     *
     * @param group receives {@link TaskOwner#taskEnded}; null for a root task
     * @param parent the enclosing scope (the group, or the caller's scope for a root task)
     * @param name the task's name, or null for {@code task-seq}
     * @param threadName the thread's name, or null to leave it unnamed
     */
    public static <T> ForkedTask<T> create(
            TaskOwner group, Scope parent, String name, String threadName, int seq, Callable<? extends T> body) {
        return new ForkedTask<>(group, parent, name, threadName, seq, body);
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
        if (state == RUNNING && !isScopeCancelled()) {
            ran = true;
            try {
                value = b.call();
            } catch (Throwable t) {
                thrown = t;
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
        finished = true;
        runCallbacks();
        if (group != null) {
            group.taskEnded(this, failure);
        }
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
        if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
            cancel(CancelReason.CANCELLED);
            return true;
        }
        return false;
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
        Objects.requireNonNull(timeout, "timeout");
        if (!awaitEnd(timeout)) {
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
        Objects.requireNonNull(unit, "unit");
        if (!awaitEnd(Duration.of(timeout, unit.toChronoUnit()))) {
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

    /** Waits for the thread to end. A hand-off racing an interrupt: the ended task wins. */
    private void awaitEnd() throws InterruptedException {
        awaitEnd(-1L);
    }

    private boolean awaitEnd(Duration timeout) throws InterruptedException {
        return awaitEnd(timeout.isNegative() ? 0L : DeadlineScope.toNanos(timeout));
    }

    /**
     * Waits until the task's code has ended and its thread has terminated.
     *
     * @param nanos how long at most, or negative for no limit
     * @return false on timeout
     */
    private boolean awaitEnd(long nanos) throws InterruptedException {
        checkNotSelf();
        Cancellation.checkpoint();
        long deadline = nanos < 0 ? 0L : System.nanoTime() + nanos;
        try {
            if (!finished && thread.getState() == Thread.State.NEW && !awaitStarted(nanos, deadline)) {
                return false;
            }
            if (nanos < 0) {
                thread.join();
                return true;
            }
            long left = deadline - System.nanoTime();
            return thread.join(Duration.ofNanos(Math.max(0L, left)));
        } catch (InterruptedException e) {
            if (finished && !thread.isAlive()) {
                Thread.currentThread().interrupt(); // the task ended as we were interrupted
                return true;
            }
            throw e;
        }
    }

    /**
     * A task not yet started (the sts engine starts tasks forked by other tasks through a
     * fork server): Thread.join would return at once, so wait for its code to end instead.
     */
    private boolean awaitStarted(long nanos, long deadline) throws InterruptedException {
        Thread me = Thread.currentThread();
        onDone(t -> LockSupport.unpark(me));
        while (!finished) {
            if (nanos < 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
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
        throw new CancellationException("Task '" + name() + "' was cancelled");
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
        throw new CancellationException("Task '" + name() + "' was cancelled");
    }

    /** The exception the body threw, whatever the state; for Weft.run's root task. */
    Throwable thrown() {
        int s = state;
        return s != SUCCESS && result instanceof Throwable t ? t : null;
    }

    int rawState() {
        return state;
    }

    /** True once someone has seen this task's failure. */
    boolean isRetrieved() {
        return retrieved;
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

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ForkedTask.class, "state", int.class);
            CALLBACKS = l.findVarHandle(ForkedTask.class, "callbacks", Object.class);
            RETRIEVED = l.findVarHandle(ForkedTask.class, "retrieved", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
