// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A cancel scope: one node of the tree along which Weft delivers cancellation.
 *
 * <p>Every task, every task group, every timeout and every {@code toThread} call is a scope.
 * Each scope is entered by exactly one <em>owner</em> thread; the code that thread runs while
 * inside the scope is "in" it. Scopes nest, and the {@link #parent} link points at the scope that was current in
 * the opening thread when this one was opened (for a task: its group).
 */
/*
 * Implementation notes.
 *
 * Cancellation is level-triggered (sticky), built on edge-triggered interrupts:
 *
 *   - cancel(reason) sets `reason` (a Cancel: its kind and its words) once, by CAS. A scope
 *     is cancelled if it or any ancestor has a reason; Cancellation.checkpoint() walks the
 *     parent chain, so a task that swallowed an InterruptedException is stopped again at its
 *     next blocking Weft call. Messages name the scope whose own cancellation started it all
 *     (PARENT ones are passed over) and its words: "Task 'a' was cancelled: sibling 'b' failed".
 *   - The winner of that CAS then delivers the edge: it interrupts the owner thread (if the
 *     owner is still inside), cancels the scope opened directly inside this one by the same
 *     thread (`inner`), and runs onCancel() (a group cancels its tasks there).
 *
 * Interrupt delivery to the owner, and leaving the scope, race. An interrupt that lands after
 * the owner left would leak into unrelated code, so the owner's side is a small state machine
 * (`ownerState`):
 *
 *       INSIDE --canceller CAS--> INTERRUPTING --after Thread.interrupt()--> INTERRUPTED
 *         |                                                                       |
 *         +--owner CAS (exit)--> EXITED  <---- owner waits out INTERRUPTING, ------+
 *                                               clears its interrupt status
 *
 * Only the canceller that wins INSIDE->INTERRUPTING interrupts, so a scope interrupts its
 * owner at most once, and never after exit() returned. exit() may be called before the owner
 * really leaves, to disarm: TaskGroup.close() does, so that its own cancellation never
 * interrupts the thread that is closing it; a second exit() then does nothing. exit() reports whether this scope's
 * interrupt reached the owner; the caller then decides whether the owner should still see an
 * interrupt (an ancestor is cancelled too) or not (the cancellation was this scope's own and
 * ends with it). The interrupt status cannot tell two interrupters apart: a foreign interrupt
 * that lands on the owner while this scope is also cancelling it is absorbed with ours, as if
 * it had arrived first and been answered by the same cancellation.
 *
 * `inner` registration races with cancel(): the opener writes parent.inner and then reads the
 * parent chain; the canceller writes `reason` and then reads `inner`. Both are volatile, so at
 * least one of them sees the other, and a nested scope is never left running under a
 * cancelled parent (double delivery is harmless: cancel() is idempotent).
 *
 * Field access:
 *   parent, owner()    final.
 *   reason             written once by any thread (CAS), read by any thread.
 *   ownerState         CAS by cancellers and by the owner, see above.
 *   inner              written only by the owner thread, read by cancellers.
 */
public abstract class Scope {

    static final int INSIDE = 0;
    static final int INTERRUPTING = 1;
    static final int INTERRUPTED = 2;
    static final int EXITED = 3;

    /** The scope that was current in the opening thread, or null for a root. */
    final Scope parent;

    /** Null until cancelled; then why. Written once. */
    private volatile Cancel reason;

    /** Interrupt hand-shake with the owner thread; see the notes. */
    private volatile int ownerState;

    /** The scope the owner opened directly inside this one, if it is open now. */
    private volatile Scope inner;

    protected Scope(Scope parent) {
        this.parent = parent;
    }

    /**
     * The thread that runs code directly in this scope. Null only while a toThread call waits
     * for a pool thread; nothing interrupts a scope's owner before it has one.
     */
    protected abstract Thread owner();

    /**
     * Cancels this scope: marks it, interrupts its owner if it is still inside, and cancels the
     * nested scope and (for a group) the tasks. Idempotent; never throws.
     *
     * @return true if this call cancelled the scope, false if it was already cancelled
     */
    public final boolean cancel(Cancel why) {
        if (!REASON.compareAndSet(this, null, why)) {
            return false;
        }
        interruptOwner();
        Scope in = inner;
        if (in != null) {
            in.cancel(Cancel.PARENT);
        }
        onCancel(why);
        return true;
    }

    /** Hook run once, by the thread that cancelled this scope, after the owner was interrupted. */
    protected void onCancel(Cancel why) {}

    /** Why this scope itself was cancelled, or null. Ancestors are not consulted. */
    public final CancelReason reason() {
        Cancel c = reason;
        return c == null ? null : c.kind();
    }

    /** The scope whose own cancellation started it all, from here up: PARENT ones are passed over. */
    private Scope rootCancelled() {
        Scope nearest = null;
        for (Scope s = this; s != null; s = s.parent) {
            Cancel c = s.reason;
            if (c != null) {
                if (c.kind() != CancelReason.PARENT) {
                    return s;
                }
                if (nearest == null) {
                    nearest = s;
                }
            }
        }
        return nearest;
    }

    /**
     * Why this scope is cancelled, as a phrase: the words of the scope whose cancellation
     * started it all (PARENT ones are passed over), for the tasks of a group when
     * {@code forTasks}. Null if nothing from here up is cancelled.
     */
    final String cancelText(boolean forTasks) {
        Scope root = rootCancelled();
        if (root == null) {
            return null;
        }
        Cancel c = root.reason;
        String t = forTasks ? c.forTasks() : c.text();
        return t != null ? t : "an enclosing scope was cancelled";
    }

    /** True if this scope or any ancestor has been cancelled. */
    public final boolean isScopeCancelled() {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.reason != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a blocking call in this scope says when it gives up: the scope whose cancellation
     * started it all and why, e.g. {@code Task 'worker' was cancelled: Task.cancel() was called}.
     * Scopes cancelled only because an enclosing one was (PARENT) are passed over for the one
     * that caused it. Null if nothing from here up is cancelled.
     */
    final String cancelMessage() {
        Scope root = rootCancelled();
        return root == null ? null : root.describe() + " was cancelled: " + cancelText(false);
    }

    /** True if an ancestor (not this scope) has been cancelled. */
    public final boolean isParentCancelled() {
        return parent != null && parent.isScopeCancelled();
    }

    /** Text for the InterruptedException a checkpoint throws in this scope. */
    protected String describe() {
        return "scope";
    }

    // ---- nesting, called by the owner thread only ----

    /**
     * Registers {@code child} as the scope now open directly inside this one. If this scope is
     * already cancelled, the child is cancelled at once (see the notes on the race).
     */
    final void attachInner(Scope child) {
        inner = child;
        if (isScopeCancelled()) {
            child.cancel(Cancel.PARENT);
        }
    }

    /** The scope the owner opened directly inside this one, or null: for the task tree. */
    final Scope inner() {
        return inner;
    }

    final void detachInner(Scope child) {
        if (inner == child) {
            inner = null;
        }
    }

    // ---- interrupt hand-shake with the owner ----

    private void interruptOwner() {
        Thread o = owner();
        if (o != null && OWNER_STATE.compareAndSet(this, INSIDE, INTERRUPTING)) {
            try {
                if (!Cleanups.deferred(o, this)) { // held off while the owner runs Weft.cleanup
                    o.interrupt();
                }
            } finally {
                ownerState = INTERRUPTED;
            }
        }
    }

    /**
     * Called by the owner as it leaves the scope. After it returns, this scope will never
     * interrupt the owner again.
     *
     * @return true if this scope interrupted the owner; the owner's interrupt status has then
     *     been cleared, and the caller re-asserts it if the interrupt must outlive the scope
     */
    final boolean exit() {
        if (OWNER_STATE.compareAndSet(this, INSIDE, EXITED)) {
            return false;
        }
        // A canceller won INSIDE->INTERRUPTING; Thread.interrupt() is short, wait it out so its
        // interrupt cannot land after we return.
        while (ownerState == INTERRUPTING) {
            Thread.onSpinWait();
        }
        if (OWNER_STATE.compareAndSet(this, INTERRUPTED, EXITED)) {
            Thread.interrupted();
            return true;
        }
        return false; // exited before (TaskGroup.close disarms early): nothing of ours is pending
    }

    // VarHandle mechanics
    private static final VarHandle REASON;
    private static final VarHandle OWNER_STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REASON = l.findVarHandle(Scope.class, "reason", Cancel.class);
            OWNER_STATE = l.findVarHandle(Scope.class, "ownerState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
