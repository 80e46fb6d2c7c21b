package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The one waiting mechanism under every Weft synchronization primitive: a FIFO queue of parked
 * threads, each granted or cancelled exactly once (Trio's {@code ParkingLot}, kotlinx's
 * {@code SemaphoreAndMutexImpl}).
 *
 * <p>A primitive extends this class, keeps its own state (permits, the event flag, the barrier
 * count) and uses the queue's short internal lock to change that state and the queue together.
 */
/*
 * Implementation notes.
 *
 * Node state machine. Every waiter owns one Node; its `status` changes exactly once:
 *
 *     WAITING --CAS by a granter (holding the queue lock)--> GRANTED  --> unpark(thread)
 *        |
 *        +----CAS by the waiter itself (holding the queue lock)--> CANCELLED
 *             (interrupt, Weft cancellation, or timeout)
 *
 * Whoever wins the CAS decides the outcome; the loser accepts it:
 *   - granter wins: the waiter owns whatever was handed to it (a permit, the lock, a wake-up,
 *     a barrier index). If it was interrupted meanwhile it keeps the resource, re-asserts its
 *     interrupt and returns normally (hand-off wins, the JDK's REINTERRUPT rule). The next
 *     blocking Weft call sees the cancellation (it is sticky), so nothing is lost or leaked.
 *   - waiter wins: the node is unlinked at once and the subclass's cancelled() hook repairs its
 *     state (e.g. a semaphore with no waiters left is no longer "has waiters"). A granter that
 *     meets a node that is not WAITING skips to the next one, so a grant is never absorbed by a
 *     cancelled waiter (asyncio bpo-27585, gh-112202).
 *
 * Both CASes are made while holding the queue lock, so a node that is still linked is always
 * WAITING, and a cancelled waiter leaves no trace in the queue: retention is O(1) per live
 * waiter, nothing per cancelled one. The waiter itself polls `status` without the lock.
 *
 * The queue lock is the SpinLock this class extends (see its notes): held only for a few field
 * writes, never across a park, an unpark, user code or another queue's lock. Unparks are done
 * after the lock is released.
 *
 * Field access:
 *   head, tail, size, Node.prev/next/linked   only with the queue lock held.
 *   Node.status                               CAS with the lock held; read by the waiter without it.
 *   Node.result                               written by the granter before its CAS (the CAS
 *                                             publishes it), read by the waiter after it sees GRANTED.
 *   Node.nextGranted                          written by the granter under the lock, read by the
 *                                             same granter after unlocking (a private chain).
 *
 * Memory effects: a grant is a volatile CAS read by the waiter, so everything the granter did
 * before granting (and before taking the queue lock) happens-before the waiter's return.
 */
public abstract class WaitQueue extends SpinLock {

    /** The waiter is parked, or about to park. */
    static final int WAITING = 0;
    /** A granter handed the waiter what it waited for. */
    public static final int GRANTED = 1;
    /** The waiter gave up: interrupted, cancelled or timed out. */
    static final int CANCELLED = 2;

    /** Outcome of {@link #await}: the waiter gave up because its time ran out. */
    public static final int TIMED_OUT = 3;

    /** Spins a waiter at the head of the queue makes before it parks. */
    protected static final int HEAD_SPINS = 64;

    /** One parked thread. */
    public static final class Node {
        final Thread thread;
        volatile int status;
        /** A value handed to the waiter with the grant (barrier index, ...). */
        int result;
        Node prev;
        Node next;
        boolean linked;
        Node nextGranted;

        Node(Thread thread) {
            this.thread = thread;
        }

        /** The value the granter attached; read only after the node was granted. */
        public int result() {
            return result;
        }
    }

    // Guarded by the queue lock.
    private Node head;
    private Node tail;
    private int size;

    /** Spins on a held queue lock before yielding: sections are a few field writes. */
    private static final int LOCK_SPINS = 128;

    protected WaitQueue() {
        super(LOCK_SPINS);
    }

    // ---- queue operations, all with the queue lock held ----

    /** Appends a new WAITING node for the current thread. Lock held. */
    protected final Node link() {
        Node n = new Node(Thread.currentThread());
        Node t = tail;
        n.prev = t;
        if (t == null) {
            head = n;
        } else {
            t.next = n;
        }
        tail = n;
        n.linked = true;
        size++;
        return n;
    }

    private void unlink(Node n) {
        Node p = n.prev;
        Node s = n.next;
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
        n.prev = null;
        n.next = null;
        n.linked = false;
        size--;
    }

    /** True if no thread waits. Lock held (or a racy hint without it). */
    protected final boolean isEmpty() {
        return head == null;
    }

    /** The number of waiting threads. Lock held, or a racy snapshot. */
    protected final int queued() {
        return size;
    }

    /**
     * Grants the first waiting node, attaching {@code result}, and unlinks it. Lock held; the
     * caller unparks the returned node after unlocking.
     *
     * @return the granted node, or null if no node was waiting
     */
    protected final Node grantNext(int result) {
        for (Node n = head; n != null; n = head) {
            unlink(n);
            n.result = result;
            // Every linked node is WAITING (cancel happens under the lock and unlinks), so this
            // CAS succeeds; a failure would mean a cancelled node was left linked: skip it, the
            // grant goes to the next waiter and is never absorbed.
            if (STATUS.compareAndSet(n, WAITING, GRANTED)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Grants up to {@code max} waiting nodes in FIFO order. Lock held; the caller passes the
     * returned chain to {@link #unparkAll} after unlocking.
     *
     * @return the first granted node, chained through {@code nextGranted}, or null
     */
    protected final Node grantUpTo(int max, int result) {
        Node first = null;
        Node last = null;
        for (int i = 0; i < max; i++) {
            Node n = grantNext(result);
            if (n == null) {
                break;
            }
            if (last == null) {
                first = n;
            } else {
                last.nextGranted = n;
            }
            last = n;
        }
        return first;
    }

    /** Unparks one granted node. Call after unlocking. */
    protected static void unpark(Node n) {
        if (n != null) {
            LockSupport.unpark(n.thread);
        }
    }

    /** Unparks a chain built by {@link #grantUpTo}. Call after unlocking. */
    protected static void unparkAll(Node chain) {
        for (Node n = chain; n != null; ) {
            Node next = n.nextGranted;
            n.nextGranted = null;
            LockSupport.unpark(n.thread);
            n = next;
        }
    }

    /**
     * Called with the queue lock held right after a waiter cancelled itself and was unlinked,
     * so the subclass can repair its state.
     *
     * @param timedOut true if the waiter gave up because its time ran out, false if it was
     *     interrupted or cancelled
     */
    protected void cancelled(Node node, boolean timedOut) {}

    // ---- waiting ----

    /**
     * Waits until {@code node} (linked by the current thread) is granted, or gives up.
     *
     * <p>If the waiter is interrupted or its Weft scope is cancelled, it tries to cancel its
     * node: if that wins, the interrupt status is cleared and InterruptedException thrown; if a
     * grant won, the interrupt is re-asserted and GRANTED returned.
     *
     * @param timed whether {@code nanos} bounds the wait
     * @param nanos the time to wait, if timed
     * @param spins how often to poll the node before parking
     * @return {@link #GRANTED} or {@link #TIMED_OUT}
     * @throws InterruptedException if interrupted or cancelled before a grant
     */
    protected final int await(Node node, boolean timed, long nanos, int spins) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        for (;;) {
            if (node.status == GRANTED) {
                return GRANTED;
            }
            boolean interrupted = Thread.interrupted();
            // The scope's sticky flag is consulted once the spinning is over, not on every spin:
            // a Weft cancellation always interrupts the thread as well, and a ThreadLocal lookup
            // per spin would slow the hand-off path. The entry checkpoint covers earlier ones.
            if (interrupted || (spins == 0 && Cancellation.isCancelled())) {
                if (tryCancel(node, false)) {
                    // Interrupt status is cleared; prefer the scope's descriptive exception.
                    Cancellation.checkpoint();
                    throw new InterruptedException();
                }
                // The grant won the race: keep it, and let the interrupt be seen later.
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return GRANTED;
            }
            long remaining = 0L;
            if (timed) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    return tryCancel(node, true) ? TIMED_OUT : GRANTED;
                }
            }
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
            } else if (timed) {
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Waits until {@code node} is granted, ignoring interrupts and cancellation; an interrupt
     * that arrives meanwhile is re-asserted before returning. Used where j.u.c also cannot give
     * up (a condition waiter re-acquiring its lock).
     */
    protected final void awaitUninterruptibly(Node node) {
        boolean interrupted = false;
        while (node.status != GRANTED) {
            if (Thread.interrupted()) {
                interrupted = true; // park would return at once while the status is set
            }
            LockSupport.park(this);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The waiter's side of the race: WAITING -> CANCELLED under the lock, then unlink. */
    private boolean tryCancel(Node node, boolean timedOut) {
        lockQueue();
        try {
            if (!STATUS.compareAndSet(node, WAITING, CANCELLED)) {
                return false; // granted
            }
            if (node.linked) {
                unlink(node);
            }
            cancelled(node, timedOut);
            return true;
        } finally {
            unlockQueue();
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATUS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(Node.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
