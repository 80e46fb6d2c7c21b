// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * A FIFO list of {@link Waiter}s, guarded by a lock its user holds for every call (the
 * {@link SpinLock} of a {@link WaitQueue}, or of a queue's store, which keeps three lists).
 */
/*
 * Implementation notes.
 *
 * Doubly linked, so a waiter that withdraws unlinks itself in O(1): any number of cancelled or
 * timed-out waits leave nothing behind (jox #48). Invariant, whenever the lock is free:
 * "w.list == this" <=> w is linked here <=> w is WAITING. It holds because every transition
 * out of WAITING (a grant, a shutdown, a withdrawal) is made under the lock by whoever also
 * unlinks the waiter.
 *
 * Field access: all fields, and the links of the waiters in the list, under the user's lock.
 */
final class WaitList {

    private Waiter head;
    private Waiter tail;
    private int size;

    /** Appends {@code w}, which must be WAITING and in no list. */
    void add(Waiter w) {
        assert w.list == null && w.status() == Waiter.WAITING;
        Waiter t = tail;
        w.prev = t;
        if (t == null) {
            head = w;
        } else {
            t.next = w;
        }
        tail = w;
        w.list = this;
        size++;
    }

    /** Unlinks {@code w}, which must be in this list. */
    void remove(Waiter w) {
        assert w.list == this;
        Waiter p = w.prev;
        Waiter s = w.next;
        if (p == null) {
            head = s;
        } else {
            p.next = s;
        }
        if (s == null) {
            tail = p;
        } else {
            s.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.list = null;
        size--;
    }

    boolean isEmpty() {
        return head == null;
    }

    /** True if {@code w} is the first waiter. */
    boolean isFirst(Waiter w) {
        return head == w;
    }

    /** The first waiter, or null. */
    Waiter first() {
        return head;
    }

    int size() {
        return size;
    }

    /**
     * Unlinks the first waiter and grants it {@code outcome}, attaching {@code result}; the
     * caller unparks it after unlocking.
     *
     * @return the granted waiter, or null if none waits
     */
    Waiter grantFirst(int outcome, int result) {
        Waiter w = head;
        if (w != null) {
            remove(w);
            w.result = result;
            // Every linked waiter is WAITING (see the invariant), and nobody else can move it
            // while we hold the lock, so a plain volatile store (no CAS) decides.
            w.grantLocked(outcome);
            return w;
        }
        return null;
    }

    /**
     * Grants up to {@code max} waiters in FIFO order, attaching {@code result}; the caller
     * passes the chain to {@link #unparkAll} after unlocking.
     *
     * @return the first granted waiter, chained through {@code nextGranted}, or null
     */
    Waiter grantUpTo(int max, int outcome, int result) {
        Waiter first = null;
        Waiter last = null;
        for (int i = 0; i < max; i++) {
            Waiter w = grantFirst(outcome, result);
            if (w == null) {
                break;
            }
            if (last == null) {
                first = w;
            } else {
                last.nextGranted = w;
            }
            last = w;
        }
        return first;
    }

    /** Unparks a chain built by {@link #grantUpTo}. Call after unlocking. */
    static void unparkAll(Waiter chain) {
        for (Waiter w = chain; w != null; ) {
            Waiter n = w.nextGranted;
            w.nextGranted = null;
            w.unpark();
            w = n;
        }
    }

    /** Unparks one granted waiter, if any. Call after unlocking. */
    static void unpark(Waiter w) {
        if (w != null) {
            w.unpark();
        }
    }
}
