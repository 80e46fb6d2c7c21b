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
 * Field access:
 *   deadlineNanos, prev, owner        final.
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

    private DeadlineScope(Scope parent, long deadlineNanos, String op, Object limit) {
        super(parent);
        this.owner = Thread.currentThread();
        this.prev = parent;
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
        DeadlineScope s = new DeadlineScope(Cancellation.current(), now + timeoutNanos, op, limit);
        Cancellation.enter(s);
        if (timeoutNanos == 0L) {
            s.timerState = FIRED;
            s.cancel(s.deadlinePassed());
        } else {
            DeadlineScope outer = nearestDeadline(s.parent);
            if (outer == null || outer.deadlineNanos - s.deadlineNanos > 0) {
                DeadlineTimer.INSTANCE.register(s);
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

    static {
        try {
            TIMER_STATE = MethodHandles.lookup().findVarHandle(DeadlineScope.class, "timerState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
