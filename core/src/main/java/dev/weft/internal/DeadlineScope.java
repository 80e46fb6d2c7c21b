// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A cancel scope with a deadline, around a body that runs in the calling thread: the engine of
 * {@code Weft.waitFor} and {@code Weft.moveOnAfter} (asyncio's {@code timeout()}, Trio's
 * {@code move_on_after}).
 */
/*
 * Implementation notes.
 *
 * open() makes the scope current in the calling thread (nested in whatever was current) and
 * hands it to the shared DeadlineTimer, unless an enclosing deadline is already at or before
 * this one (the enclosing scope will fire first and cancel this one through Scope.inner, so
 * the timer need not hold it). A deadline that has already passed cancels the scope at once.
 *
 * `timerState` decides, with one CAS, between the owner leaving and the timer firing:
 *
 *     PENDING --owner close()--> DONE       the timer drops the node when it next sees it
 *     PENDING --timer--> FIRED --> cancel(DEADLINE)
 *
 * After close() the timer never fires this scope. If the timer won, the interrupt it sends
 * is fenced by Scope.exit(), so it cannot land after close() returned.
 *
 * Who reports the timeout: only the scope whose own reason is DEADLINE and none of whose
 * ancestors is cancelled. If an enclosing scope is cancelled too (an outer, earlier deadline
 * or an outer cancel), this scope lets the InterruptedException through so the outer one
 * reports it: an inner scope never swallows an outer deadline (kotlinx #67/#451).
 *
 * A body that returns normally wins over a deadline that fired as it finished: its value is
 * returned (asyncio test_wait_for_race_condition, kotlinx #3504).
 *
 * Weft.cleanup uses the same scope with no parent (openCleanup): the caller's cancellation does
 * not reach the body, and the cleanup's own deadline still does. Cancellers of the caller's
 * scopes hold their interrupt off while the cleanup runs (see Cleanups); `deferral` says
 * whether one did, and the owner re-asserts it as it leaves.
 *
 * Field access:
 *   deadlineNanos, prev, owner, op,
 *   limit                             final.
 *   outerCleanup                      the owner only.
 *   deferral                          CAS by outside cancellers (ACTIVE -> DEFERRED) and the
 *                                     owner leaving (-> EXITED).
 *   timerState                        CAS by the owner (close) and the timer (fire).
 *   timerNext                         the timer's list link: written by the registering thread
 *                                     before the publishing CAS, then by the timer only.
 */
public final class DeadlineScope extends Scope {

    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FIRED = 2;

    /** System.nanoTime() at which the scope is cancelled. */
    final long deadlineNanos;

    private final Thread owner;
    private final Scope prev;
    /** What opened it ("waitFor"), and the limit it was given (a Duration or an Instant). */
    private final String op;

    private final Object limit;
    private volatile int timerState;
    DeadlineScope timerNext;

    private DeadlineScope(Scope parent, Scope prev, long deadlineNanos, String op, Object limit) {
        super(parent);
        this.owner = Thread.currentThread();
        this.prev = prev;
        this.deadlineNanos = deadlineNanos;
        this.op = op;
        this.limit = limit;
    }

    /**
     * Opens a deadline scope {@code timeoutNanos} from now in the calling thread.
     *
     * @param timeoutNanos the time left, saturated by {@link WaitTime}; zero means the deadline
     *     has passed
     * @param op what opens it ("waitFor"), for messages
     * @param limit the Duration or Instant it was given, for messages
     */
    public static DeadlineScope open(long timeoutNanos, String op, Object limit) {
        assert timeoutNanos >= 0L && timeoutNanos <= WaitTime.MAX : timeoutNanos;
        long now = System.nanoTime();
        Scope current = Cancellation.current();
        DeadlineScope s = new DeadlineScope(current, current, now + timeoutNanos, op, limit);
        Cancellation.enter(s);
        if (timeoutNanos == 0L) {
            s.timerState = FIRED;
            s.cancel(s.deadlinePassed());
        } else {
            DeadlineScope outer = nearestDeadline(s.parent);
            if (outer == null || outer.deadlineNanos - s.deadlineNanos > 0) {
                try {
                    DeadlineTimer.INSTANCE.register(s);
                } catch (Throwable e) { // the timer thread could not start (out of memory, say)
                    s.close();
                    throw e;
                }
            }
        }
        return s;
    }

    /**
     * Leaves the scope. Afterwards the timer never fires it and no interrupt of it is pending
     * (the owner's interrupt status is cleared if this scope had interrupted it). The caller
     * then decides, with {@link #timedOut()} and {@link #isParentCancelled()}, what to report.
     */
    public void close() {
        TIMER_STATE.compareAndSet(this, PENDING, DONE);
        exit();
        Cancellation.leave(this, prev);
    }

    /**
     * Opens the scope of {@code Weft.cleanup} in the calling thread: a deadline scope with no
     * parent, so nothing that cancels the caller's scopes reaches the code inside, but its own
     * deadline does. The caller's current scope is restored by {@link #closeCleanup()}.
     */
    public static DeadlineScope openCleanup(long timeoutNanos, Object limit) {
        assert timeoutNanos >= 0L && timeoutNanos <= WaitTime.MAX : timeoutNanos;
        DeadlineScope s =
                new DeadlineScope(null, Cancellation.current(), System.nanoTime() + timeoutNanos, "cleanup", limit);
        Cancellation.setCurrent(s); // not attached to the caller's scope: its cancel must not reach us
        s.outerCleanup = Cleanups.enter(s);
        if (timeoutNanos == 0L) {
            s.timerState = FIRED;
            s.cancel(s.deadlinePassed());
        } else {
            try {
                DeadlineTimer.INSTANCE.register(s);
            } catch (Throwable e) { // as in open()
                s.closeCleanup();
                throw e;
            }
        }
        return s;
    }

    /**
     * Leaves a cleanup scope (see {@link #close()}).
     *
     * @return true if a cancellation from outside was held off meanwhile: the caller re-asserts
     *     its interrupt (or, inside an outer cleanup, that one holds it off in turn)
     */
    public boolean closeCleanup() {
        close();
        return Cleanups.exit(this, outerCleanup);
    }

    // ---- cleanup: interrupts held off (see Cleanups) ----

    static final int ACTIVE = 0;
    static final int DEFERRED = 1;
    static final int EXITED = 2;

    /** For a cleanup scope: ACTIVE, DEFERRED (an outside interrupt was held off) or EXITED. */
    private volatile int deferral;

    /** For a cleanup scope: the cleanup scope it is nested in on the same thread, or null. */
    private DeadlineScope outerCleanup;

    /** An outside canceller holds its interrupt off: true unless the cleanup has ended. */
    boolean deferInterrupt() {
        for (int d = deferral; ; d = deferral) {
            if (d == EXITED) {
                return false;
            }
            if (d == DEFERRED || DEFERRAL.compareAndSet(this, ACTIVE, DEFERRED)) {
                return true;
            }
        }
    }

    /** The owner leaves the cleanup: true if an interrupt was held off meanwhile. */
    boolean endDeferral() {
        return (int) DEFERRAL.getAndSet(this, EXITED) == DEFERRED;
    }

    /**
     * True if this scope's own deadline cancelled it and no enclosing scope is cancelled: the
     * case in which this scope, and no other, reports a timeout. Valid after {@link #close()}.
     */
    public boolean timedOut() {
        return reason() == CancelReason.DEADLINE && !isParentCancelled();
    }

    /** Called by the timer thread when the deadline has passed. */
    void fire() {
        if (TIMER_STATE.compareAndSet(this, PENDING, FIRED)) {
            cancel(deadlinePassed());
        }
    }

    /** The words of this scope's own timeout, built only when it fires. */
    private Cancel deadlinePassed() {
        return Cancel.of(CancelReason.DEADLINE, "deadline of " + description() + " passed");
    }

    /** {@code waitFor(PT2S)}: what opened the scope and with which limit. */
    public String description() {
        return op + "(" + limit + ")";
    }

    boolean isDone() {
        return timerState != PENDING;
    }

    @Override
    protected Thread owner() {
        return owner;
    }

    @Override
    protected String describe() {
        return description();
    }

    /** What opened it ("waitFor", "moveOnAfter"...). */
    String op() {
        return op;
    }

    /** The nearest deadline scope from {@code s} up, or null. */
    static DeadlineScope nearestDeadline(Scope s) {
        for (; s != null; s = s.parent) {
            if (s instanceof DeadlineScope d) {
                return d;
            }
        }
        return null;
    }

    /** True if some scope in the chain from {@code s} up has a deadline. */
    public static boolean hasDeadline(Scope s) {
        return nearestDeadline(s) != null;
    }

    /** The earliest deadline, as nanoTime, of the chain from {@code s} up. Requires one to exist. */
    public static long earliestNanos(Scope s) {
        long best = 0L;
        boolean found = false;
        for (; s != null; s = s.parent) {
            if (s instanceof DeadlineScope d && (!found || d.deadlineNanos - best < 0)) {
                best = d.deadlineNanos;
                found = true;
            }
        }
        return best;
    }

    // VarHandle mechanics
    private static final VarHandle TIMER_STATE;
    private static final VarHandle DEFERRAL;

    static {
        try {
            TIMER_STATE = MethodHandles.lookup().findVarHandle(DeadlineScope.class, "timerState", int.class);
            DEFERRAL = MethodHandles.lookup().findVarHandle(DeadlineScope.class, "deferral", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
