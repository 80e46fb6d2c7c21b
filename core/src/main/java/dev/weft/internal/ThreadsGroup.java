package dev.weft.internal;

import dev.weft.Task;
import dev.weft.TaskGroupException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A task group on the {@code threads} engine: one virtual thread per task, and the group's
 * bookkeeping done with a counter and a lock-free list.
 */
/*
 * Implementation notes.
 *
 * `state` packs the number of forks so far (high 32 bits, which numbers unnamed tasks), a
 * CLOSED bit, and the number of live units: one per task whose code has not ended, plus one
 * for the opener until it calls join(). fork() CASes count+1 (and forks+1) unless CLOSED;
 * a task's end decrements; join() waits for 0 and then CASes 0 -> CLOSED. So a fork racing
 * the group's end either got its unit in first (the group waits for it) or sees CLOSED and
 * throws: a task is never dropped silently. Tasks of the group can always fork, because
 * their own unit keeps the count above 0.
 *
 * `head` is a Treiber stack of every task that may still be running: fork pushes with one
 * CAS, and cancellation walks it. Unlinking is done lazily by one sweeper at a time (the
 * forker that wins `sweeping`), only for tasks whose thread has terminated, and never of the
 * head, so pushes (which touch only head) and walkers (which follow `next`, which is only
 * ever redirected past dead nodes) need no lock. Sweeps run when the fork count has doubled
 * past the number of nodes kept by the last sweep, so their cost is O(1) amortised per fork
 * and the list stays within 2x the live tasks.
 *
 * The count reaching 0 means every task's code has ended, not that its thread has
 * terminated. join() therefore walks the list once more and Thread.join()s what is still
 * alive, so no task thread is alive when the group returns.
 *
 * Cancel vs fork: cancel() sets the reason (Scope) and then walks the list; fork() pushes and
 * then reads the reason. Both sides are volatile, so a task is either reached by the walk or
 * cancels itself.
 *
 * Interrupts to the opener while it waits in join(): if the group is already cancelled they
 * are this group's own (Scope.exit clears them when the group ends); otherwise they come from
 * an enclosing cancellation or from outside, and cancel the group (PARENT or INTERRUPTED),
 * which then ends with InterruptedException.
 *
 * Failures are appended under `failLock` in the order they are recorded; the first cancels the
 * group. Rare path, so a plain lock.
 *
 * Two internal variants share this class. A *supervising* group (asCompleted) does not cancel
 * on failure: a failed task is handed to whoever iterates, and at the end any failure nobody
 * retrieved is logged. An *adopted* task (Weft.shield) counts as a live unit, so the group
 * waits for it, but is skipped by cancellation and its failure is never the group's: it
 * belongs to the shielded caller, or is logged if that caller was cancelled and left.
 *
 * Field access:
 *   name, opener, prev                  final.
 *   state, head                         CAS by any thread.
 *   joiner                              written by the opener, read by the last task to end.
 *   sweepAt                             racy hint, written by the sweeper.
 *   failures, bodyFailure               under failLock.
 *   joined, ended, timedOut             opener only.
 */
public final class ThreadsGroup extends Scope implements GroupCore, TaskOwner {

    private static final long CLOSED = 1L << 31;
    private static final long COUNT = CLOSED - 1;
    private static final long ONE_FORK = 1L << 32;
    private static final int MIN_SWEEP = 64;

    private final String name;
    private final Thread opener;
    private final Scope prev;
    private final boolean supervising;
    private Launcher launcher = Launcher.DIRECT; // set by the opener right after open, before any fork

    private volatile long state = 1L; // the opener's unit
    private volatile ForkedTask<?> head;
    private volatile int sweeping;
    private int sweepAt = MIN_SWEEP;
    private volatile Thread joiner;

    private final ReentrantLock failLock = new ReentrantLock();
    private List<Failure> failures; // under failLock
    private boolean joined; // opener only: its unit has been released
    private boolean ended; // opener only

    private record Failure(ForkedTask<?> task, Throwable error) {}

    private ThreadsGroup(String name, Scope parent, Thread opener, boolean supervising) {
        super(parent);
        this.name = name;
        this.opener = opener;
        this.prev = parent;
        this.supervising = supervising;
    }

    static ThreadsGroup open(String name) {
        return open(name, false);
    }

    /**
     * Opens a group in the calling thread.
     *
     * @param supervising true for a group whose task failures do not cancel it (asCompleted)
     */
    public static ThreadsGroup open(String name, boolean supervising) {
        ThreadsGroup g = new ThreadsGroup(name, Cancellation.current(), Thread.currentThread(), supervising);
        Cancellation.enter(g);
        return g;
    }

    /**
     * Opens a group whose tasks are started by {@code launcher} (the {@code sts} engine).
     *
     * @param launcherFor makes the launcher, given the group
     */
    public static ThreadsGroup open(String name, java.util.function.Function<ThreadsGroup, Launcher> launcherFor) {
        ThreadsGroup g = new ThreadsGroup(name, Cancellation.current(), Thread.currentThread(), false);
        g.launcher = launcherFor.apply(g);
        Cancellation.enter(g);
        return g;
    }

    /** The thread that opened the group. */
    public Thread opener() {
        return opener;
    }

    /** The nearest group enclosing {@code s} (itself included), or null. */
    static ThreadsGroup nearest(Scope s) {
        for (; s != null; s = s.parent) {
            if (s instanceof ThreadsGroup g) {
                return g;
            }
        }
        return null;
    }

    @Override
    protected Thread owner() {
        return opener;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected String describe() {
        return name == null ? "TaskGroup" : "TaskGroup '" + name + "'";
    }

    // ---- fork ----

    @Override
    public <T> Task<T> fork(String taskName, Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        int seq;
        for (long s = state; ; s = state) {
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException(describe() + " has ended; cannot fork into it");
            }
            if (STATE.compareAndSet(this, s, s + 1 + ONE_FORK)) {
                seq = (int) (s >>> 32) + 1;
                break;
            }
        }
        String threadName = taskName == null ? null : name == null ? taskName : name + "/" + taskName;
        ForkedTask<T> task;
        try {
            task = ForkedTask.create(this, this, taskName, threadName, seq, body);
        } catch (Throwable e) {
            releaseUnit();
            throw e;
        }
        push(task);
        if (reason() != null) {
            task.cancel(); // raced with cancel(): see the notes
        }
        try {
            launcher.launch(task);
        } catch (Throwable e) {
            task.cancel();
            releaseUnit();
            throw e;
        }
        if (seq >= sweepAt) {
            sweep(seq);
        }
        return task;
    }

    /**
     * Reserves a live unit for a shielded task about to be adopted (see {@link #adopt}).
     *
     * @return false if the group has already ended (the caller then owns the task alone)
     */
    boolean reserveUnit() {
        for (long s = state; ; s = state) {
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    /**
     * Adopts {@code task}, a shielded task created with this group as its owner after
     * {@link #reserveUnit()} succeeded: the group waits for it but does not cancel it, and its
     * failure is not the group's.
     */
    void adopt(ForkedTask<?> task) {
        push(task);
    }

    private void push(ForkedTask<?> task) {
        for (ForkedTask<?> h = head; ; h = head) {
            NEXT.set(task, h);
            if (HEAD.compareAndSet(this, h, task)) {
                return;
            }
        }
    }

    private void sweep(int seq) {
        if (!SWEEPING.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            ForkedTask<?> prevNode = head;
            if (prevNode == null) {
                return;
            }
            int kept = 1;
            for (ForkedTask<?> cur = next(prevNode); cur != null; ) {
                ForkedTask<?> n = next(cur);
                if (cur.finished && !cur.thread().isAlive()) {
                    NEXT.setRelease(prevNode, n);
                } else {
                    prevNode = cur;
                    kept++;
                }
                cur = n;
            }
            sweepAt = seq + Math.max(MIN_SWEEP, kept);
        } finally {
            sweeping = 0;
        }
    }

    private static ForkedTask<?> next(ForkedTask<?> t) {
        return (ForkedTask<?>) NEXT.getAcquire(t);
    }

    // ---- tasks ending ----

    @Override
    public void taskEnded(ForkedTask<?> task, Throwable failure) {
        if (failure != null) {
            if (task.shielded) {
                task.logIfAbandoned(failure);
            } else if ((supervising || task.keepsFailure) && !(failure instanceof VirtualMachineError)) {
                // handed out with the task (asCompleted), or kept in its Future (GroupExecutor
                // submit/invokeAll/invokeAny): not the group's failure; logged at the end if unseen
                addFailure(task, failure);
            } else {
                recordFailure(task, failure);
            }
        }
        releaseUnit();
    }

    private void addFailure(ForkedTask<?> task, Throwable error) {
        failLock.lock();
        try {
            if (failures == null) {
                failures = new ArrayList<>(2);
            }
            failures.add(new Failure(task, error));
        } finally {
            failLock.unlock();
        }
    }

    private void releaseUnit() {
        long s = (long) STATE.getAndAdd(this, -1L) - 1;
        if ((s & COUNT) == 0) {
            Thread j = joiner;
            if (j != null) {
                LockSupport.unpark(j);
            }
        }
    }

    private void recordFailure(ForkedTask<?> task, Throwable error) {
        addFailure(task, error);
        cancel(CancelReason.FAILED);
    }

    @Override
    public void bodyThrew(Throwable t) {
        if (ForkedTask.isCancellation(t)) {
            if (reason() == null) {
                // Not this group's doing: the opener itself was interrupted or cancelled.
                cancel(isParentCancelled() ? CancelReason.PARENT : CancelReason.INTERRUPTED);
            }
        } else {
            recordFailure(null, t);
        }
    }

    // ---- cancel ----

    @Override
    public void cancel() {
        cancel(CancelReason.CANCELLED);
    }

    @Override
    protected void onCancel(CancelReason why) {
        for (ForkedTask<?> t = head; t != null; t = next(t)) {
            if (!t.shielded) {
                t.cancel();
            }
        }
    }

    // ---- join / close ----

    @Override
    public void join() throws InterruptedException {
        checkOpener("join");
        if (ended) {
            throw new IllegalStateException(describe() + " has already been joined");
        }
        awaitTasks(0L);
        finish(true);
    }

    @Override
    public void join(Duration timeout) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        checkOpener("join");
        if (ended) {
            throw new IllegalStateException(describe() + " has already been joined");
        }
        long nanos = timeout.isNegative() ? 0L : saturatedNanos(timeout);
        boolean timedOut = awaitTasks(System.nanoTime() + Math.max(1L, nanos)) && reason() == CancelReason.DEADLINE;
        finish(true);
        if (timedOut) {
            throw new TimeoutException(describe() + " did not finish within " + timeout + "; it was cancelled");
        }
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        checkOpener("close");
        if (!joined || (state & COUNT) != 0) {
            cancel(CancelReason.CLOSED);
        }
        awaitTasks(0L);
        try {
            finish(false);
        } catch (InterruptedException e) {
            throw new AssertionError("finish(false) does not throw InterruptedException", e);
        }
    }

    @Override
    public boolean isCancelled() {
        return isScopeCancelled();
    }

    private void checkOpener(String what) {
        if (Thread.currentThread() != opener) {
            throw new IllegalStateException(
                    "only the thread that opened " + describe() + " may " + what + " it (opened by " + opener + ")");
        }
        if (Cancellation.current() != this) {
            throw new IllegalStateException(
                    describe() + " is not the innermost open scope of this thread: close inner groups first");
        }
    }

    /**
     * Releases the opener's unit and waits until every task's code has ended and the group is
     * CLOSED, then until every task thread has terminated. Never gives up: interrupts cancel
     * the group (see the notes). With a deadline (nanoTime, non-zero), cancels the group with
     * DEADLINE when it passes.
     *
     * @return true if the deadline passed while tasks were still running
     */
    private boolean awaitTasks(long deadline) {
        joiner = Thread.currentThread();
        if (!joined) {
            joined = true;
            releaseUnit();
        }
        boolean deadlinePassed = false;
        for (long s = state; ; s = state) {
            if ((s & COUNT) == 0) {
                if ((s & CLOSED) != 0 || STATE.compareAndSet(this, s, s | CLOSED)) {
                    break;
                }
                continue;
            }
            if (deadline != 0L && !deadlinePassed) {
                long left = deadline - System.nanoTime();
                if (left <= 0L) {
                    deadlinePassed = true;
                    cancel(CancelReason.DEADLINE);
                    continue;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                onOpenerInterrupted();
            }
        }
        boolean foreignInterrupt = false;
        for (ForkedTask<?> t = head; t != null; t = next(t)) {
            Thread th = t.thread();
            while (th.isAlive()) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    // Every task's code has ended: an interrupt now is not a cancellation of
                    // this group, but it must not be lost either.
                    foreignInterrupt |= reason() == null;
                }
            }
        }
        try {
            launcher.groupEnded();
        } finally {
            if (foreignInterrupt) {
                Thread.currentThread().interrupt();
            }
        }
        return deadlinePassed;
    }

    private void onOpenerInterrupted() {
        if (reason() == null) {
            cancel(isParentCancelled() ? CancelReason.PARENT : CancelReason.INTERRUPTED);
        }
    }

    /**
     * Leaves the scope and reports the outcome. Called once, by the opener, after every task
     * has ended.
     *
     * @param mayThrowInterrupted false for close(), which re-asserts the interrupt instead
     */
    private void finish(boolean mayThrowInterrupted) throws InterruptedException {
        ended = true;
        exit(); // clears this group's own interrupt of the opener, if one was delivered
        Cancellation.leave(this, prev);

        List<Failure> fs;
        failLock.lock();
        try {
            fs = failures == null ? List.of() : List.copyOf(failures);
        } finally {
            failLock.unlock();
        }
        if (supervising) {
            // Failed tasks were handed to the caller; log those it never looked at. Only VM
            // errors, which cancelled the group, are still the group's to throw.
            List<Failure> kept = new ArrayList<>();
            for (Failure f : fs) {
                if (f.error() instanceof VirtualMachineError) {
                    kept.add(f);
                } else if (f.task().claimUnretrieved()) {
                    ForkedTask.logNeverRetrieved("Task '" + f.task().name() + "'", f.error());
                }
            }
            fs = kept;
        }
        fs = withoutKeptFailures(fs);
        CancelReason r = reason();
        boolean cancelledFromOutside = r == CancelReason.INTERRUPTED || r == CancelReason.PARENT || isParentCancelled();

        VirtualMachineError vme = null;
        for (Failure f : fs) {
            if (f.error() instanceof VirtualMachineError e) {
                vme = e;
                break;
            }
        }
        if (vme != null) {
            for (Failure f : fs) {
                if (f.error() != vme && (f.task() == null || f.task().claimUnretrieved())) {
                    String who = f.task() == null ? "the body of " + describe() : "Task '" + f.task().name() + "'";
                    ForkedTask.logNeverRetrieved(who, f.error());
                }
            }
            if (cancelledFromOutside) {
                Thread.currentThread().interrupt();
            }
            throw vme;
        }
        if (!fs.isEmpty()) {
            List<Throwable> errors = new ArrayList<>(fs.size());
            for (Failure f : fs) {
                errors.add(f.error());
                if (f.task() != null) {
                    f.task().markRetrieved();
                }
            }
            if (cancelledFromOutside) {
                Thread.currentThread().interrupt(); // the failures win the throw; the cancellation is kept
            }
            throw new TaskGroupException(message(fs), errors);
        }
        if (cancelledFromOutside) {
            if (mayThrowInterrupted) {
                throw new InterruptedException(describe() + " was " + (r != null ? r.text() : CancelReason.PARENT.text()));
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drops the failures of tasks that keep their failure in their Future (GroupExecutor's
     * submit/invokeAll/invokeAny, see ForkedTask.keepsFailure): they are not the group's, so it
     * logs, once, those no one retrieved, as the supervising branch does for asCompleted. A
     * VirtualMachineError stays: it cancelled the group, which throws it.
     */
    private static List<Failure> withoutKeptFailures(List<Failure> fs) {
        List<Failure> kept = null;
        for (int i = 0; i < fs.size(); i++) {
            Failure f = fs.get(i);
            boolean theTasksOwn = f.task() != null
                    && f.task().keepsFailure
                    && !(f.error() instanceof VirtualMachineError);
            if (theTasksOwn && kept == null) {
                kept = new ArrayList<>(fs.subList(0, i));
            }
            if (!theTasksOwn) {
                if (kept != null) {
                    kept.add(f);
                }
            } else if (f.task().claimUnretrieved()) {
                ForkedTask.logNeverRetrieved("Task '" + f.task().name() + "'", f.error());
            }
        }
        return kept == null ? fs : kept;
    }

    /** True once the group has ended: it accepts no more forks (see the CLOSED bit). */
    @Override
    public boolean isEnded() {
        return (state & CLOSED) != 0;
    }

    private String message(List<Failure> fs) {
        Failure first = fs.get(0);
        String who = first.task() == null ? "the body" : "task '" + first.task().name() + "'";
        String count = fs.size() == 1 ? "1 failure" : fs.size() + " failures";
        return describe() + " failed (" + count + "); first: " + who + " threw " + first.error();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;
    private static final VarHandle HEAD;
    private static final VarHandle SWEEPING;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ThreadsGroup.class, "state", long.class);
            HEAD = l.findVarHandle(ThreadsGroup.class, "head", ForkedTask.class);
            SWEEPING = l.findVarHandle(ThreadsGroup.class, "sweeping", int.class);
            NEXT = l.findVarHandle(ForkedTask.class, "next", ForkedTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
