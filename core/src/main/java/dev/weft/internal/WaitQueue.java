// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import org.jspecify.annotations.Nullable;

/**
 * A FIFO queue of {@link Waiter}s with its own short lock: the base of every Weft
 * synchronization primitive (Trio's {@code ParkingLot}, kotlinx's
 * {@code SemaphoreAndMutexImpl}) and of a task's list of joiners.
 *
 * <p>A primitive extends this class, keeps its own state (permits, the event flag, the barrier
 * count) and changes that state and the queue together under the queue's lock.
 */
/*
 * Implementation notes.
 *
 * The race between a grant and a waiter giving up is decided in Waiter (see its notes); this
 * class is the Owner of its waiters: withdraw() takes the queue lock, moves the waiter to
 * CANCELLED only if it is still WAITING, unlinks it and lets the subclass repair its state
 * (cancelled()). Grants are made under the same lock (WaitList.grantFirst), so a linked waiter
 * is always WAITING and a cancelled one leaves no trace: retention is O(1) per live waiter.
 *
 * The queue lock is the SpinLock this class extends: held only for a few field writes, never
 * across a park, an unpark, user code or another queue's lock. Unparks happen after unlocking.
 *
 * Field access:
 *   waiters (and the waiters' links)   only with the queue lock held.
 *   blocker                            set by the public primitive's constructor (nameAs),
 *                                      before the primitive is shared; then read only.
 */
public abstract class WaitQueue extends SpinLock implements Waiter.Owner {

    /** Polls of a held queue lock before backing off: sections are a few field writes. */
    private static final int LOCK_SPINS = 128;

    private final WaitList waiters = new WaitList();
    private Object blocker = this;
    private @Nullable String name;

    protected WaitQueue() {
        super(LOCK_SPINS);
    }

    /**
     * Makes {@code publicObject} (the {@code dev.weft.Lock} this queue works for) the object its
     * waiters park on, so that thread dumps and the task tree name it. Called by that object's
     * constructor, before it is shared.
     *
     * @param name the name the user gave the primitive, or null
     */
    public final void parkOn(Object publicObject, @Nullable String name) {
        this.blocker = publicObject;
        this.name = name;
    }

    /** The name the user gave the primitive, or null. */
    public final @Nullable String name() {
        return name;
    }

    /**
     * How messages name the primitive: {@code Lock 'accounts'}, or for an unnamed one its kind
     * and identity, {@code Lock@1b6d3586}.
     */
    public final String label() {
        String kind = blocker.getClass().getSimpleName();
        return name != null
                ? kind + " '" + name + "'"
                : kind + "@" + Integer.toHexString(System.identityHashCode(blocker));
    }

    /** A toString() for the public primitive: {@code Lock 'accounts'[locked]}, {@code Lock[unlocked]}. */
    public final String describe(String state) {
        String kind = blocker.getClass().getSimpleName();
        return (name != null ? kind + " '" + name + "'" : kind) + "[" + state + "]";
    }

    @Override
    public final Object blocker() {
        return blocker;
    }

    // ---- queue operations, all with the queue lock held ----

    /** Appends a new waiter for the current thread. Lock held. */
    protected final Waiter link() {
        Waiter w = new Waiter(this);
        waiters.add(w);
        return w;
    }

    /** True if no thread waits. Lock held (or a racy hint without it). */
    protected final boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** True if {@code w} is first in line: worth a short spin before parking. Lock held. */
    protected final boolean isFirst(Waiter w) {
        return waiters.isFirst(w);
    }

    /** The number of waiting threads. Lock held, or a racy snapshot. */
    protected final int queued() {
        return waiters.size();
    }

    /**
     * Grants the first waiter, attaching {@code result}. Lock held; the caller unparks the
     * returned waiter ({@link WaitList#unpark}) after unlocking.
     *
     * @return the granted waiter, or null if none waits
     */
    protected final Waiter grantNext(int result) {
        return waiters.grantFirst(Waiter.GRANTED, result);
    }

    /**
     * Grants up to {@code max} waiters in FIFO order. Lock held; the caller passes the chain to
     * {@link WaitList#unparkAll} after unlocking.
     */
    protected final Waiter grantUpTo(int max, int result) {
        return waiters.grantUpTo(max, Waiter.GRANTED, result);
    }

    /**
     * Moves every waiter to {@link Waiter#SHUTDOWN}. Lock held; the caller passes the chain to
     * {@link WaitList#unparkAll} after unlocking.
     */
    protected final Waiter shutDownAll() {
        return waiters.grantUpTo(Integer.MAX_VALUE, Waiter.SHUTDOWN, 0);
    }

    /**
     * Called with the queue lock held right after a waiter withdrew and was unlinked, so the
     * subclass can repair its state.
     *
     * @param timedOut true if the waiter gave up because its time ran out, false if it was
     *     interrupted or cancelled
     */
    protected void cancelled(Waiter w, boolean timedOut) {}

    @Override
    public final boolean withdraw(Waiter w, boolean timedOut) {
        lockQueue();
        try {
            if (!w.cancelUnlisted()) {
                return false; // granted first
            }
            if (w.list != null) {
                waiters.remove(w);
            }
            cancelled(w, timedOut);
            return true;
        } finally {
            unlockQueue();
        }
    }
}
