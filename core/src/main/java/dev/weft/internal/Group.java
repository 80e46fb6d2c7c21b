// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * A task group: the one implementation behind {@code TaskGroup}, every combinator,
 * {@code asCompleted}, {@code Weft.run} and {@code shield}. One virtual thread per task, started
 * by the engine's {@link Launcher}; the bookkeeping is a counter and a lock-free list.
 */
/*
 * Implementation notes.
 *
 * Units. One unit is held by each task whose code has not ended, plus one by the opener until it
 * starts waiting for the tasks; the group ends when none is left. They are counted on two sides,
 * so that the forking thread and the ending tasks never write the same cache line:
 *
 *   state      units ever taken (bits 1..63; each fork numbers its task with it) and the CLOSED
 *              bit (bit 0). Written by forks (CAS +2 unless CLOSED) and once by whoever closes
 *              the group (CAS -> CLOSED, only while no unit is live): the opener as it waits, or
 *              an engine's helper thread through tryClose; the opener's unit is taken at
 *              construction.
 *   released   units ever released (an EndCount, padded onto a line of its own): getAndAdd by
 *              each task as its code ends, and by the opener when it starts waiting.
 *
 * Live units = taken - released. Both only grow, and a unit is released only after it was
 * taken. The opener waits for live to reach 0 and then CASes state -> CLOSED; the CAS fails if
 * a fork took a unit since it read state, so a fork racing the group's end either got its unit
 * in first (the group waits for it) or sees CLOSED and throws: a task is never dropped
 * silently. That check and CAS are tryClose, which an engine's helper thread may also call, so
 * it may close the group first (the opener then finds CLOSED and stops waiting), never earlier
 * than the opener could. Tasks
 * of the group can always fork, because their own unit keeps live above 0.
 *
 * An ending task reads state only if the opener is waiting (`joiner` set): it adds to released,
 * reads joiner, and if set re-reads state and grants the opener when live (taken, minus the
 * count its own add returned) is 0 or only daemons are left. The opener publishes joiner and
 * then re-reads both counts: volatile on both sides, so either the task sees the waiter or the
 * opener sees the release. While the opener is still forking, ending tasks write only
 * released, and tasks read the group's other fields (its name, its cancel reason, joiner), but
 * never the line with state and head (a ForkSide, padded), which stays in the forker's cache.
 * A grant can be early (an outside
 * thread forked after it, or the count a task computed was stale): the opener re-checks and
 * waits again with a new waiter.
 *
 * `head` is a Treiber stack of every task that may still be running: fork pushes with one
 * CAS, and cancellation walks it. Unlinking is done lazily by one sweeper at a time (the
 * forker that wins `sweeping`), only for tasks whose thread has terminated, and never of the
 * head, so pushes (which touch only head) and walkers (which follow `next`, which is only
 * ever redirected past dead nodes) need no lock. Sweeps run when the fork count has doubled
 * past the number of nodes kept by the last sweep, so their cost is O(1) amortised per fork
 * and the list stays within 2x the live tasks.
 *
 * The opener waits for the count to reach 0 as a Waiter (the one waiting mechanism) published
 * in `joiner`; the task whose end takes the count to 0 grants it. The opener publishes its
 * waiter and then re-reads the count, the last task decrements the count and then reads
 * `joiner`: both volatile, so the wake-up is never lost. The group is the waiter's Owner: an
 * interrupt of the opener does not end the wait, it cancels the group (see below), and the
 * opener waits on.
 *
 * The count reaching 0 means every task's code has ended, not that its thread has
 * terminated. The opener therefore walks the list once more and Thread.join()s what is still
 * alive (a few microseconds at most: the code has ended, there is no outcome left to decide),
 * so no task thread is alive when the group returns.
 *
 * Cancel vs fork: cancel() sets the reason (Scope) and then walks the list; fork() pushes and
 * then reads the reason. Both sides are volatile, so a task is either reached by the walk or
 * cancels itself.
 *
 * Interrupts of the opener while it waits (and, through Cancellation.interruptedException, those
 * a blocking Weft call in the body gives up on): if the group is not cancelled yet they come
 * from an enclosing cancellation or from outside Weft, and cancel the group (PARENT or INTERRUPTED),
 * which then ends with InterruptedException (join) or with the interrupt re-asserted (close).
 * If the group is already cancelled and the opener is still inside it, they are taken to be
 * the group's own interrupt of its opener and are cleared when the group ends (Scope.exit).
 * close() first disarms that interrupt (Scope.exit), so an interrupt pending when close() is
 * called, or arriving while it waits, is never the group's own: it is re-asserted.
 *
 * Daemons (forkDaemon, Python's daemon=True made structured, Ox's fork vs forkUser). `daemons`
 * counts the live daemon tasks, which also hold units. When live units equal `daemons`, only
 * daemons are left (the opener has released its unit): the opener cancels them (stopDaemons;
 * not a failure) and waits for live to reach 0 as usual. A daemon fork takes its unit before it
 * adds to `daemons`, and a daemon's end takes from `daemons` before it releases its unit, so
 * live - daemons never undercounts the other units; each of those writers re-checks the
 * condition after its write (once the opener waits) and grants the opener's waiter, and the
 * one whose write comes last sees exact counts, so the opener never misses it. A daemon forked
 * once the opener started stopping them (daemonsStopping) is cancelled at once (fork writes its
 * task and then reads the flag, the opener the flag and then walks the list).
 *
 * Modes. A STRICT group (TaskGroup, the combinators) is failed by the first failure of a task
 * or of its body, which cancels it. A SUPERVISING group (asCompleted, Weft.run) does not cancel
 * on a task's failure: the failed task is handed to whoever iterates or waits, and a failure
 * nobody retrieved is logged when the group ends. An adopted task (Weft.shield) counts as a
 * live unit, so the group waits for it, but is skipped by cancellation and its failure is
 * never the group's: it belongs to the shielded caller, or is logged if that caller left.
 *
 * Field access:
 *   name, opener, prev, mode, launcher, failures,
 *   born, root                                      final.
 *   forks (its state, head)                        final; state and head CAS by any thread
 *                                                  that forks (see Units), state's CLOSED also
 *                                                  by tryClose; on their own line (ForkSide).
 *   released                                       getAndAdd by ending tasks and the opener.
 *   joiner                                         written by the opener, read by the last task.
 *   cancelledByFailure                             written once by the failing task's thread.
 *   daemons                                        getAndAdd by daemon forks and daemon ends.
 *   daemonsStopping                                written once by the opener.
 *   sweepAt                                        racy hint, written by the sweeper.
 *   joined, ended, consumedInterrupt               opener only.
 */
public final class Group extends Scope implements Waiter.Owner {

    /** How a group treats its tasks' failures; see the notes. */
    public enum Mode {
        STRICT,
        SUPERVISING
    }

    private static final long CLOSED = 1L;
    private static final long ONE_UNIT = 2L;
    private static final int MIN_SWEEP = 64;

    private final String name;
    private final Thread opener;
    private final Scope prev;
    private final Mode mode;
    private final Launcher launcher;
    private final Failures failures = new Failures();
    /** System.nanoTime() at open, for the task tree's age. */
    final long born = System.nanoTime();
    /** Opened outside any task: listed in TaskTrees.ROOTS while open. */
    private final boolean root;

    /** state and head (see the notes), on a cache line of their own: see ForkSide. */
    private final ForkSide forks = new ForkSide(ONE_UNIT); // the opener's unit taken, not CLOSED

    private final EndCount released = new EndCount();
    private volatile int sweeping;
    private int sweepAt = MIN_SWEEP;
    private volatile Waiter joiner;
    /** Live daemon tasks (forkDaemon); see the notes on daemons. */
    private volatile int daemons;
    /** Set once the opener has begun stopping the daemons; forkDaemon cancels new ones then. */
    private volatile boolean daemonsStopping;
    /** How many tasks the first failure cancelled; written by its canceller, read at the end. */
    private volatile int cancelledByFailure;

    private boolean joined; // opener only: its unit has been released
    private boolean ended; // opener only
    private boolean consumedInterrupt; // opener only: an interrupt reached it while it waited

    private Group(String name, Scope parent, Mode mode) {
        super(parent);
        this.name = name;
        this.opener = Thread.currentThread();
        this.prev = parent;
        this.mode = mode;
        this.root = TaskTrees.opened(this, parent);
        try {
            this.launcher = Engines.current().open(this);
        } catch (Throwable e) {
            TaskTrees.ended(this, root);
            throw e;
        }
    }

    /**
     * Opens a group in the calling thread, which becomes its opener, nested in the thread's
     * current scope; its tasks are started by the engine's launcher.
     *
     * @param name the group's name, or null
     */
    public static Group open(String name, Mode mode) {
        Group g = new Group(name, Cancellation.current(), mode);
        Cancellation.enter(g);
        return g;
    }

    /** The thread that opened the group. */
    public Thread opener() {
        return opener;
    }

    /** The nearest group enclosing {@code s} (itself included), or null. */
    static Group nearest(Scope s) {
        for (; s != null; s = s.parent) {
            if (s instanceof Group g) {
                return g;
            }
        }
        return null;
    }

    @Override
    protected Thread owner() {
        return opener;
    }

    /** The group's name, or null. */
    public String name() {
        return name;
    }

    @Override
    protected String describe() {
        return name == null ? "TaskGroup" : "TaskGroup '" + name + "'";
    }

    // ---- fork ----

    /** Forks a task; see {@code TaskGroup.fork}. */
    public <T> Task<T> fork(String taskName, Callable<? extends T> body) {
        return forkTask(taskName, body);
    }

    /** Forks a task and returns it as Weft's own type. */
    <T> ForkedTask<T> forkTask(String taskName, Callable<? extends T> body) {
        return forkTask(taskName, body, false);
    }

    /** Forks a daemon task; see {@code TaskGroup.forkDaemon} and the notes on daemons. */
    public <T> Task<T> forkDaemon(String taskName, Callable<? extends T> body) {
        return forkTask(taskName, body, true);
    }

    private <T> ForkedTask<T> forkTask(String taskName, Callable<? extends T> body, boolean daemon) {
        Objects.requireNonNull(body, "body");
        int seq = takeUnit();
        if (seq < 0) {
            throw new IllegalStateException(describe() + " has ended; cannot fork into it");
        }
        // Its thread names itself <group>/<task> as it starts (ForkedTask.threadName), unnamed
        // tasks as task-<seq>, so logs and thread dumps show whose it is.
        ForkedTask<T> task = create(this, taskName, seq, body);
        if (daemon) {
            // After its unit (count first, then daemons: see the notes), before it starts.
            task.daemon = true;
            DAEMONS.getAndAdd(this, 1);
            wakeOpenerIfOnlyDaemonsLeft();
        }
        start(task);
        if (seq >= sweepAt) {
            sweep(seq);
        }
        return task;
    }

    /**
     * Starts {@code body} as a shielded task adopted by this group: the group waits for it but
     * never cancels it, and its failure is not the group's. Its scope has no parent, so no
     * enclosing cancellation or deadline reaches it.
     *
     * @return the started task, or null if the group has already ended
     */
    <T> ForkedTask<T> adopt(String taskName, Callable<? extends T> body) {
        if (takeUnit() < 0) {
            return null;
        }
        ForkedTask<T> task = create(null, taskName, 0, body);
        task.shielded = true;
        start(task);
        return task;
    }

    /**
     * Takes a live unit for a new task unless the group is CLOSED (see the notes).
     *
     * @return the task's number (1 for the first task), or -1 if the group has ended
     */
    private int takeUnit() {
        for (long s = forks.state(); ; s = forks.state()) {
            if ((s & CLOSED) != 0) {
                return -1;
            }
            if (forks.casState(s, s + ONE_UNIT)) {
                return (int) (s >>> 1); // units taken before this one; the opener's was the first
            }
        }
    }

    /** Live units: taken (from {@code s}, a read of state) minus {@code releasedCount}. */
    private static long live(long s, long releasedCount) {
        return (s >>> 1) - releasedCount;
    }

    /** Creates a task that holds a unit taken by takeUnit, giving the unit back if that fails. */
    private <T> ForkedTask<T> create(Scope parent, String taskName, int seq, Callable<? extends T> body) {
        try {
            return ForkedTask.create(this, parent, taskName, seq, body);
        } catch (Throwable e) {
            releaseUnit();
            throw e;
        }
    }

    /** Lists the task and has the engine start it. */
    private void start(ForkedTask<?> task) {
        push(task);
        if (reason() != null && !task.shielded) {
            task.cancelTask(Cancel.of(CancelReason.CANCELLED, cancelText(true))); // raced with cancel()
        } else if (task.daemon && daemonsStopping) {
            task.cancelTask(DAEMON_STOP); // raced with the opener stopping the daemons; never runs
        }
        try {
            launcher.launch(task);
        } catch (Throwable e) {
            task.cancel();
            releaseUnit();
            throw e;
        }
    }

    private void push(ForkedTask<?> task) {
        for (ForkedTask<?> h = forks.head(); ; h = forks.head()) {
            NEXT.set(task, h);
            if (forks.casHead(h, task)) {
                return;
            }
        }
    }

    private void sweep(int seq) {
        if (!SWEEPING.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            ForkedTask<?> prevNode = forks.head();
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

    /**
     * Called once by a task's own thread after its outcome is final and its callbacks have run.
     *
     * @param failure what the task's code threw if it counts as a failure (anything but a
     *     cancellation), else null; reported even when the task had been cancelled
     */
    void taskEnded(ForkedTask<?> task, Throwable failure) {
        if (failure != null) {
            if (task.shielded) {
                task.logIfAbandoned(failure);
            } else if ((mode == Mode.SUPERVISING || task.keepsFailure) && !(failure instanceof VirtualMachineError)) {
                // handed out with the task (asCompleted), or kept in its Future (GroupExecutor's
                // submit/invokeAll/invokeAny): not the group's failure; logged at the end if unseen
                failures.add(task, failure);
            } else {
                recordFailure(task, failure);
            }
        }
        if (task.daemon) {
            DAEMONS.getAndAdd(this, -1); // before its unit: see the notes on daemons
        }
        releaseUnit();
    }

    private void releaseUnit() {
        long r = released.increment();
        Waiter j = joiner;
        if (j != null) {
            long live = live(forks.state(), r);
            assert live >= 0 : "more units released than taken";
            if (live == 0 || live == daemons) {
                j.grant(Waiter.GRANTED);
                if (live == 0) {
                    launcher.tasksDone();
                }
            }
        }
    }

    /**
     * Closes the group to forks if no unit is live. The opener closes it so once it has waited;
     * an engine's helper thread that must end with the group (the {@code sts} engine's fork
     * server) calls it too, to end as soon as the last task has, without waiting for the opener.
     * Only ever succeeds once the opener has released its unit (it is live until then).
     *
     * @return true if the group is closed (by this call or before)
     */
    public boolean tryClose() {
        for (long s = forks.state(); ; s = forks.state()) {
            if ((s & CLOSED) != 0) {
                return true;
            }
            if (live(s, released.get()) != 0) { // state first: see the notes on units
                return false;
            }
            if (forks.casState(s, s | CLOSED)) {
                return true;
            }
        }
    }

    /** After a daemon's unit and count are both in: the opener may be waiting for exactly that. */
    private void wakeOpenerIfOnlyDaemonsLeft() {
        Waiter j = joiner;
        if (j != null && live(forks.state(), released.get()) == daemons) {
            j.grant(Waiter.GRANTED);
        }
    }

    private static final Cancel DAEMON_STOP = Cancel.of(CancelReason.CANCELLED, "its group ended (a daemon task)");

    /** Every non-daemon unit has ended: cancels the daemon tasks (not a failure) and waits on. */
    private void stopDaemons() {
        daemonsStopping = true;
        for (ForkedTask<?> t = forks.head(); t != null; t = next(t)) {
            if (t.daemon) {
                t.cancelTask(DAEMON_STOP);
            }
        }
    }

    private void recordFailure(ForkedTask<?> task, Throwable error) {
        failures.add(task, error);
        String who = task == null ? "the body" : "'" + task.name() + "'";
        cancel(new Cancel(
                CancelReason.FAILED,
                (task == null ? "the body" : "task " + who) + " failed: " + error,
                (task == null ? "the body of its group" : "sibling " + who) + " failed: " + error));
    }

    /** Reports what the body passed to {@code TaskGroup.run} threw. */
    public void bodyThrew(Throwable t) {
        if (ForkedTask.isCancellation(t)) {
            if (reason() == null) {
                // Not this group's doing: the opener itself was interrupted or cancelled.
                cancelFromOutside();
            }
        } else {
            recordFailure(null, t);
        }
    }

    // ---- cancel ----

    private static final Cancel USER_CANCEL = Cancel.of(CancelReason.CANCELLED, "cancelled by TaskGroup.cancel");

    /** Cancels the body and every task; never throws. */
    public void cancel() {
        cancel(USER_CANCEL);
    }

    /** As {@link #cancel()}, saying why: {@code TaskGroup.cancel(reason)}. */
    public void cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        cancel(Cancel.of(CancelReason.CANCELLED, "cancelled by TaskGroup.cancel: " + reason));
    }

    /**
     * A blocking Weft call in the body (run by the opener) gave up because of an interrupt from
     * outside Weft: it cancels the group, as one reaching the opener while it waits does.
     */
    void interruptedFromOutside() {
        if (reason() == null) {
            cancelFromOutside();
        }
    }

    /** The opener was interrupted, or an enclosing scope cancelled, while the group was not. */
    private void cancelFromOutside() {
        cancel(
                isParentCancelled()
                        ? Cancel.PARENT
                        : new Cancel(
                                CancelReason.INTERRUPTED,
                                "its opener was interrupted",
                                "the opener of " + (name == null ? "its group" : "group '" + name + "'")
                                        + " was interrupted"));
    }

    /**
     * Cancels every task (but shielded ones) with the group's reason, as the tasks see it; counts
     * those a failure cancelled, for the group's report.
     */
    @Override
    protected void onCancel(Cancel why) {
        Cancel forTasks = Cancel.of(CancelReason.CANCELLED, cancelText(true));
        int n = 0;
        for (ForkedTask<?> t = forks.head(); t != null; t = next(t)) {
            if (!t.shielded && t.cancelTask(forTasks)) {
                n++;
            }
        }
        if (why.kind() == CancelReason.FAILED) {
            cancelledByFailure = n;
        }
    }

    // ---- for the task tree (racy snapshots) ----

    /** The most recently forked task that may still be running; follow with {@link #nextTask}. */
    ForkedTask<?> firstTask() {
        return forks.head();
    }

    static ForkedTask<?> nextTask(ForkedTask<?> t) {
        return next(t);
    }

    /** True while the opener waits for the tasks (join or close). */
    boolean openerWaiting() {
        return joiner != null;
    }

    /** True once the group has ended: it accepts no more forks (the CLOSED bit). */
    public boolean isEnded() {
        return (forks.state() & CLOSED) != 0;
    }

    /** True if the group, or a scope enclosing it, has been cancelled. */
    public boolean isCancelled() {
        return isScopeCancelled();
    }

    // ---- join / close ----

    /** Waits for every task, then reports the group's outcome; see {@code TaskGroup.join}. */
    public void join() throws InterruptedException {
        checkOpener("join");
        checkNotEnded();
        awaitTasks(-1L);
        finish(true);
    }

    /** As {@link #join()}, cancelling the group if it has not ended by the timeout. */
    public void join(Duration timeout) throws InterruptedException, TimeoutException {
        long nanos = WaitTime.nanos(timeout);
        checkOpener("join");
        checkNotEnded();
        boolean timedOut = awaitTasks(nanos) && reason() == CancelReason.DEADLINE;
        finish(true);
        if (timedOut) {
            throw new TimeoutException(describe() + " did not finish within " + timeout + "; it was cancelled");
        }
    }

    /** Cancels what still runs, waits for it, and reports failures; see {@code TaskGroup.close}. */
    public void close() {
        if (ended) {
            return;
        }
        checkOpener("close");
        // From here on this group's cancellation never interrupts its opener, so any interrupt
        // pending now or arriving while we wait is not the group's own: it is kept.
        exit();
        if (!joined || live(forks.state(), released.get()) != 0) {
            cancel(new Cancel(
                    CancelReason.CLOSED,
                    "closed before join()",
                    (name == null ? "its group" : "group '" + name + "'") + " was closed before join()"));
        }
        boolean interrupted = Thread.interrupted();
        consumedInterrupt = false;
        awaitTasks(-1L);
        interrupted |= consumedInterrupt;
        try {
            finish(false);
        } catch (InterruptedException e) {
            throw new AssertionError("finish(false) does not throw InterruptedException", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * For {@code Weft.run}: waits for every task like {@link #join()}, then leaves the group
     * without reporting task failures (the caller reports its root task's outcome itself).
     *
     * @return true if the group was cancelled from outside (the opener was interrupted or an
     *     enclosing scope cancelled); the opener's interrupt status is then clear
     */
    boolean awaitAndLeave() {
        checkOpener("join");
        checkNotEnded();
        awaitTasks(-1L);
        ended = true;
        exit();
        Cancellation.leave(this, prev);
        TaskTrees.ended(this, root);
        failures.report(describe(), true, 0, false);
        return cancelledFromOutside();
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

    private void checkNotEnded() {
        if (ended) {
            throw new IllegalStateException(describe() + " has already been joined");
        }
    }

    /**
     * Releases the opener's unit and waits until every task's code has ended and the group is
     * CLOSED, then until every task thread has terminated. Never gives up: interrupts cancel
     * the group (see the notes). With a timeout (nanos >= 0), cancels the group with DEADLINE
     * when it passes and waits on.
     *
     * @return true if the timeout passed while tasks were still running
     */
    private boolean awaitTasks(long nanos) {
        boolean timedOut = awaitCount(nanos);
        awaitThreads();
        return timedOut;
    }

    /**
     * Waits for the count to reach 0, then closes the group to forks. Sets
     * {@link #consumedInterrupt} if an interrupt reached the opener meanwhile.
     *
     * @return true if the timeout passed first (the group was then cancelled, and waited for)
     */
    private boolean awaitCount(long nanos) {
        if (!joined) {
            joined = true;
            releaseUnit();
        }
        Waiter w = null;
        boolean timedOut = false;
        for (long s = forks.state(); ; s = forks.state()) {
            if ((s & CLOSED) != 0) {
                break;
            }
            long live = live(s, released.get()); // state first: see the notes on units
            if (live == 0) {
                if (tryClose()) {
                    break;
                }
                continue; // a fork took a unit meanwhile
            }
            if (!daemonsStopping && live == daemons) {
                stopDaemons(); // only daemons left: they end with the group
                continue;
            }
            if (w == null || w.status() != Waiter.WAITING) {
                if (w != null) {
                    consumedInterrupt |= w.consumedInterrupt();
                }
                w = new Waiter(this);
                joiner = w;
                continue; // re-read the count after publishing the waiter: see the notes
            }
            try {
                if (w.await(timedOut ? -1L : nanos, Waiter.Spin.NONE) == Waiter.TIMED_OUT) {
                    timedOut = true;
                    String why = "join(" + Duration.ofNanos(nanos) + ") timed out";
                    cancel(new Cancel(CancelReason.DEADLINE, why, "its group's " + why));
                }
            } catch (InterruptedException e) {
                throw new AssertionError("the group's own waiter never gives up", e);
            }
        }
        if (w != null) {
            consumedInterrupt |= w.consumedInterrupt();
        }
        joiner = null;
        return timedOut;
    }

    /** Every task's code has ended: waits for their threads to terminate. */
    private void awaitThreads() {
        boolean foreignInterrupt = false;
        launcher.groupEnding();
        for (ForkedTask<?> t = forks.head(); t != null; t = next(t)) {
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
    }

    /** The opener's waiter was interrupted (or found its scope cancelled): cancel, wait on. */
    @Override
    public boolean onInterrupt(Waiter w) {
        if (reason() == null) {
            cancelFromOutside();
        }
        return false;
    }

    private boolean cancelledFromOutside() {
        CancelReason r = reason();
        return r == CancelReason.INTERRUPTED || r == CancelReason.PARENT || isParentCancelled();
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
        TaskTrees.ended(this, root);
        boolean outside = cancelledFromOutside();
        failures.report(describe(), mode == Mode.SUPERVISING, cancelledByFailure, outside);
        if (outside) {
            if (mayThrowInterrupted) {
                throw new InterruptedException(cancelMessage());
            }
            Thread.currentThread().interrupt();
        }
    }

    // VarHandle mechanics
    private static final VarHandle SWEEPING;
    private static final VarHandle DAEMONS;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SWEEPING = l.findVarHandle(Group.class, "sweeping", int.class);
            DAEMONS = l.findVarHandle(Group.class, "daemons", int.class);
            NEXT = l.findVarHandle(ForkedTask.class, "next", ForkedTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
