package dev.weft.internal;

import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutdownException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mechanics of {@code dev.weft.Queue}, {@code PriorityQueue} and {@code LifoQueue}: one
 * algorithm over a pluggable {@link QueueStorage} (ring, heap or stack).
 *
 * @param <T> the item type
 */
/*
 * Implementation notes.
 *
 * One short lock guards the store, the three waiter lists, `unfinished` and `shutdown`: the
 * SpinLock that QueueStorage extends (as WaitQueue does), held only for a few field writes and never across a park, an unpark or another lock; a caller that finds it
 * held re-checks once and then Thread.yield()s (QueueStorage.SPINS), so a virtual thread waiting
 * for it gives its carrier away and the holder keeps its cache line. Not a ReentrantLock:
 * profiled on QueueBenchmark (2 cores, virtual threads), most of the time went to
 * ReentrantLock.unlock's volatile store (a full fence, to look for parked lock waiters) and to
 * parking a contended virtual thread for a critical section of a few nanoseconds; this lock is
 * released with a plain release store and never parks. The one piece of user code run under
 * it is a PriorityQueue comparator (as j.u.c.PriorityBlockingQueue runs it under its lock);
 * a comparator that blocks makes other callers yield-spin until it returns. The lock word,
 * `unfinished` and `shutdown` live in the store object next to its counters, so one operation
 * moves one object's cache line(s) between cores, not QueueCore's and the store's.
 *
 * Blocked callers park on a Waiter node of their own, kept in a FIFO list (getters, putters,
 * joiners). Every node goes through exactly one transition out of WAITING:
 *
 *                 +--(other side, under lock)--> FILLED    getter: `item` holds its item
 *                 |                                        putter: its item is in the store
 *     WAITING ----+                                        joiner: the count reached zero
 *                 +--(shutdown, under lock)----> SHUTDOWN  getter/putter: throw
 *                 |
 *                 +--(the waiter, under lock)--> CANCELLED interrupted, cancelled or timed out
 *
 * All three transitions happen under the lock, and whoever makes one also unlinks the node, so
 * "node is in its list" == "state is WAITING". The waker writes `item` and then `state`
 * (volatile) and unparks the waiter AFTER unlocking; the waiter re-reads `state` without the lock
 * each time it wakes, so a hand-off costs the waiter no lock acquisition.
 *
 * Invariants (under lock):
 *   - getters non-empty  => store empty.     (a put with a parked getter hands to it)
 *   - putters non-empty  => store full.      (a get that frees a slot moves the first putter in)
 * Hence no caller barges past a parked one: a putNowait/put finds the store full while putters
 * wait, a getNowait/get finds it empty while getters wait. Both nowait forms decide under the
 * lock from this exact state, so they never fail spuriously.
 *
 * Races considered:
 *   - Hand-off vs cancellation of the receiver: the waiter, on seeing an interrupt, scope
 *     cancellation or its deadline, takes the lock and CANCELs only if still WAITING. If the
 *     other side got there first, the hand-off stands: a getter returns the item, a putter
 *     returns normally, and the interrupt status is re-asserted (DESIGN §3). So a cancelled
 *     get() never consumes an item, and a put() that throws InterruptedException inserted
 *     nothing.
 *   - Shutdown vs waiting: shutdown() moves every waiting getter and putter to SHUTDOWN; the
 *     putter's item was never stored, so nothing is dropped without its owner knowing.
 *   - Stale unpark: a waker may unpark a thread that already returned (it woke for another
 *     reason and saw the state first). That only makes a later park of that thread return early, and every park here
 *     (and in the JDK) is in a loop that re-reads its own state.
 *   - A waiter that withdraws unlinks its own node at once (O(1), doubly linked), so any number
 *     of timed-out or cancelled waits leave no garbage in the lists (jox #48).
 *
 * Field access:
 *   store, capacity, lists           final.
 *   the lock word (SpinLock)         CAS to take, release store to give back.
 *   store contents, lists' links,
 *   unfinished, shutdown             under lock only (fields of the store object, see below).
 *   Waiter.state                     written under lock; read by the waiter without it.
 *   Waiter.item                      getter: written by the putter before `state`;
 *                                    putter: written at construction, read under lock.
 */
public final class QueueCore<T> {

    static final int WAITING = 0;
    static final int FILLED = 1;
    static final int SHUTDOWN = 2;
    static final int CANCELLED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(dev.weft.Queue.class);

    private final QueueStorage store;
    private final int capacity;
    private final WaitList getters = new WaitList();
    private final WaitList putters = new WaitList();
    private final WaitList joiners = new WaitList();

    private QueueCore(QueueStorage store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** A FIFO queue; {@code capacity} is Integer.MAX_VALUE for an unbounded one. */
    public static <T> QueueCore<T> fifo(int capacity) {
        return new QueueCore<>(new QueueStorage.Ring(capacity), capacity);
    }

    /** A LIFO queue. */
    public static <T> QueueCore<T> lifo(int capacity) {
        return new QueueCore<>(new QueueStorage.Stack(capacity), capacity);
    }

    /** A stable priority queue; {@code comparator} null means natural order. */
    public static <T> QueueCore<T> priority(int capacity, Comparator<? super T> comparator) {
        return new QueueCore<>(new QueueStorage.Heap(capacity, comparator), capacity);
    }

    // ---- put side ----

    /**
     * Inserts {@code x}, handing it straight to the first parked getter if there is one.
     *
     * @param mode NOWAIT (throw if full), TIMED (wait up to {@code nanos}) or UNTIMED
     * @return false only if TIMED and the deadline passed with the queue full
     */
    public boolean put(T x, int mode, long nanos) throws InterruptedException {
        Waiter g;
        Waiter w = null;
        lock();
        try {
            if (store.shutdown) {
                throw new QueueShutdownException("put on a queue that was shut down");
            }
            g = getters.poll();
            if (g != null) {
                // getters waiting => store empty: direct hand-off keeps FIFO among getters.
                g.item = x;
                store.unfinished++;
                STATE.setRelease(g, FILLED);
            } else if (store.size < capacity) {
                store.push(x);
                store.unfinished++;
                return true;
            } else if (mode == NOWAIT) {
                throw new QueueFullException("queue is full (maxsize " + capacity + ")");
            } else if (mode == TIMED && nanos <= 0) {
                return false;
            } else {
                w = new Waiter(x);
                putters.add(w);
            }
        } finally {
            unlock();
        }
        if (g != null) {
            LockSupport.unpark(g.thread);
            return true;
        }
        int s = await(w, putters, mode == TIMED, nanos);
        if (s == FILLED) {
            return true;
        }
        if (s == SHUTDOWN) {
            throw new QueueShutdownException("queue was shut down while put() waited; the item was not inserted");
        }
        return false; // timed out; the item was not inserted
    }

    // ---- get side ----

    /**
     * Removes the next item; when that frees a slot, moves the first parked putter's item in.
     *
     * @return the item, or null only if TIMED and the deadline passed with the queue empty
     */
    @SuppressWarnings("unchecked")
    public T get(int mode, long nanos) throws InterruptedException {
        Waiter p;
        Object x;
        Waiter w;
        lock();
        try {
            if (store.size > 0) {
                x = store.take();
                p = putters.poll();
                if (p != null) {
                    // putters waiting => store was full; the slot just freed is theirs.
                    store.push(p.item);
                    p.item = null;
                    store.unfinished++;
                    STATE.setRelease(p, FILLED);
                }
                w = null;
            } else if (store.shutdown) {
                throw new QueueShutdownException("get on a queue that was shut down and is empty");
            } else if (mode == NOWAIT) {
                throw new QueueEmptyException("queue is empty");
            } else if (mode == TIMED && nanos <= 0) {
                return null;
            } else {
                p = null;
                x = null;
                w = new Waiter(null);
                getters.add(w);
            }
        } finally {
            unlock();
        }
        if (w == null) {
            if (p != null) {
                LockSupport.unpark(p.thread);
            }
            return (T) x;
        }
        int s = await(w, getters, mode == TIMED, nanos);
        if (s == FILLED) {
            return (T) w.item;
        }
        if (s == SHUTDOWN) {
            throw new QueueShutdownException("queue was shut down while get() waited");
        }
        return null; // timed out
    }

    // ---- task accounting ----

    /** Marks one item done; releases joiners when none is left. */
    public void taskDone() {
        Waiter released = null;
        lock();
        try {
            if (store.unfinished <= 0) {
                throw new IllegalStateException("taskDone() called more times than there were items put");
            }
            if (--store.unfinished == 0) {
                released = releaseAll(joiners, FILLED);
            }
        } finally {
            unlock();
        }
        unparkChain(released);
    }

    /** Waits until every item put has been marked done; false if TIMED and the deadline passed. */
    public boolean join(boolean timed, long nanos) throws InterruptedException {
        Waiter w;
        lock();
        try {
            if (store.unfinished == 0) {
                return true;
            }
            if (timed && nanos <= 0) {
                return false;
            }
            w = new Waiter(null);
            joiners.add(w);
        } finally {
            unlock();
        }
        return await(w, joiners, timed, nanos) == FILLED;
    }

    // ---- shutdown ----

    /**
     * Shuts the queue down; if {@code immediate}, also drops the stored items (counting them
     * as done) and returns them in the order gets would have returned them.
     */
    @SuppressWarnings("unchecked")
    public List<T> shutdown(boolean immediate) {
        List<Object> dropped = List.of();
        Waiter g;
        Waiter p;
        Waiter j = null;
        lock();
        try {
            store.shutdown = true;
            if (immediate && store.size > 0) {
                dropped = store.drain();
                // asyncio: each drained item is done, never taking the count below zero.
                store.unfinished = Math.max(0, store.unfinished - dropped.size());
                if (store.unfinished == 0) {
                    j = releaseAll(joiners, FILLED);
                }
            }
            // getters waiting => store empty: they would wait forever, wake them to throw.
            g = releaseAll(getters, SHUTDOWN);
            p = releaseAll(putters, SHUTDOWN);
        } finally {
            unlock();
        }
        unparkChain(g);
        unparkChain(p);
        unparkChain(j);
        return (List<T>) dropped;
    }

    // ---- inspection ----

    public int size() {
        lock();
        try {
            return store.size;
        } finally {
            unlock();
        }
    }

    public boolean isShutdown() {
        lock();
        try {
            return store.shutdown;
        } finally {
            unlock();
        }
    }

    /** Parked getters, putters and joiners still linked; for tests of the O(1) guarantee. */
    public int waiterCount() {
        lock();
        try {
            return getters.count + putters.count + joiners.count;
        } finally {
            unlock();
        }
    }

    /** Items put and not yet marked done. */
    public long unfinished() {
        lock();
        try {
            return store.unfinished;
        } finally {
            unlock();
        }
    }

    // ---- peek, drainTo and the java.util.concurrent view (BlockingQueueView) ----
    //
    // Added beside get() and put(), reusing their helpers. Removals other than get() free slots
    // too; admitPutters() is the one place that then moves parked putters in (get() does the
    // same inline for its single slot). No user code runs under the lock here: items are
    // compared by identity, and a drain sink is called after unlocking.

    /** The item a get would return next, or null if the queue is empty. Never blocks. */
    @SuppressWarnings("unchecked")
    public T peek() {
        lock();
        try {
            return store.size > 0 ? (T) store.peek() : null;
        } finally {
            unlock();
        }
    }

    /**
     * Removes the next item if there is one, as a get does (it stays unfinished until
     * taskDone()), and moves the first parked putter's item into the freed slot. Null if the
     * queue is empty, shut down or not: never throws.
     */
    @SuppressWarnings("unchecked")
    public T pollNow() {
        Object x;
        Waiter admitted;
        lock();
        try {
            if (store.size == 0) {
                return null;
            }
            x = store.take();
            admitted = admitPutters();
        } finally {
            unlock();
        }
        unparkChain(admitted);
        return (T) x;
    }

    /**
     * Moves at most as many items as are queued now into {@code sink}, in get order, one
     * {@link #pollNow()} each (so this ends even while producers keep up). Each item is taken
     * under the lock and added to the sink after unlocking: a sink never runs under the queue's
     * lock. If {@code sink.add} throws, the exception propagates and the item it refused goes
     * back where a get takes it next (putBack), as ArrayBlockingQueue.drainTo leaves it; only if
     * its slot has been taken meanwhile (a bounded queue admits a parked putter into the slot a
     * take frees) can it not: it is then counted done, so join() does not wait for it forever,
     * and logged, so it is not lost silently.
     *
     * @return how many items were added to {@code sink}
     */
    public int drainTo(Collection<? super T> sink, int max) {
        int limit = Math.min(max, size());
        int n = 0;
        while (n < limit) {
            T x = pollNow();
            if (x == null) {
                break;
            }
            try {
                sink.add(x);
            } catch (Throwable e) {
                boolean back;
                try {
                    back = putBack(x);
                } catch (Throwable comparator) { // a PriorityQueue comparator that throws
                    e.addSuppressed(comparator);
                    back = false;
                }
                if (!back) {
                    dropped(1);
                    LOG.warn("drainTo: the sink refused {} ({}) and the queue had no free slot to take it back "
                            + "(a waiting put took it); the item is dropped and counted done", x, e.toString());
                }
                throw e;
            }
            n++;
        }
        return n;
    }

    /**
     * Puts back an item a drain sink refused, keeping the invariants: to the first parked getter
     * if there is one (the queue is then empty), else at the front if a slot is free (no putter
     * is parked then). It is still unfinished, as it was when it was taken.
     *
     * @return false if the queue is full: the item's slot went to a parked putter meanwhile
     */
    private boolean putBack(Object x) {
        Waiter g;
        lock();
        try {
            g = getters.poll();
            if (g != null) {
                g.item = x;
                STATE.setRelease(g, FILLED);
            } else if (store.size < capacity) {
                store.pushFront(x);
                return true;
            } else {
                return false;
            }
        } finally {
            unlock();
        }
        LockSupport.unpark(g.thread);
        return true;
    }

    /** A copy of the items queued now: in get order (heap order for a priority queue). */
    public Object[] toArray() {
        lock();
        try {
            return store.toArray();
        } finally {
            unlock();
        }
    }

    /**
     * Removes the queued item that is the very object {@code x}, if it is still queued. It will
     * never be got, so it counts as done for join() (as shutdown(true)'s dropped items); its slot
     * goes to the first parked putter.
     *
     * @return true if it was removed
     */
    public boolean removeIdentical(Object x) {
        Waiter admitted;
        Waiter released = null;
        lock();
        try {
            if (!store.removeIdentical(x)) {
                return false;
            }
            released = countDone(1);
            admitted = admitPutters();
        } finally {
            unlock();
        }
        unparkChain(admitted);
        unparkChain(released);
        return true;
    }

    /**
     * Removes every queued item; they count as done for join(). Parked putters move into the
     * freed slots.
     *
     * @return how many items were removed
     */
    public int clear() {
        int n;
        Waiter admitted;
        Waiter released;
        lock();
        try {
            n = store.size;
            if (n == 0) {
                return 0;
            }
            store.drain();
            released = countDone(n);
            admitted = admitPutters();
        } finally {
            unlock();
        }
        unparkChain(admitted);
        unparkChain(released);
        return n;
    }

    /** How many more items a put could insert now without waiting: 0 once shut down. */
    public int remainingCapacity() {
        lock();
        try {
            return store.shutdown ? 0 : capacity - store.size;
        } finally {
            unlock();
        }
    }

    /** Counts {@code n} items done that left the queue without a get; see drainTo. */
    private void dropped(int n) {
        Waiter released;
        lock();
        try {
            released = countDone(n);
        } finally {
            unlock();
        }
        unparkChain(released);
    }

    /**
     * Counts {@code n} removed items as done (never below zero, as shutdown(true)) and detaches
     * the joiners if none is left unfinished. Under lock; the caller unparks the chain.
     */
    private Waiter countDone(int n) {
        if (store.unfinished == 0) {
            return null;
        }
        store.unfinished = Math.max(0, store.unfinished - n);
        return store.unfinished == 0 ? releaseAll(joiners, FILLED) : null;
    }

    /**
     * Moves parked putters' items into the free slots, first come first served, keeping the
     * invariant "putters non-empty => store full" after a removal that is not a get (get() does
     * this inline for its one slot). Under lock; the caller unparks the returned chain (linked
     * through {@code next}, which nobody else writes once a node is detached) after unlocking.
     */
    private Waiter admitPutters() {
        Waiter first = null;
        Waiter last = null;
        while (store.size < capacity) {
            Waiter p = putters.poll();
            if (p == null) {
                break;
            }
            store.push(p.item);
            p.item = null;
            store.unfinished++;
            STATE.setRelease(p, FILLED);
            if (last == null) {
                first = p;
            } else {
                last.next = p;
            }
            last = p;
        }
        return first;
    }

    // ---- the lock ----

    private void lock() {
        store.lockQueue();
    }

    private void unlock() {
        store.unlockQueue();
    }

    // ---- waiting ----

    public static final int NOWAIT = 0;
    public static final int TIMED = 1;
    public static final int UNTIMED = 2;

    /**
     * Parks until {@code w} leaves WAITING. If the thread is interrupted, its scope
     * cancelled, or (timed) the deadline passes first, withdraws {@code w} under the lock unless
     * the other side resolved it meanwhile, in which case that resolution stands and an
     * interrupt is re-asserted.
     *
     * @return FILLED, SHUTDOWN or (timed out only) CANCELLED
     * @throws InterruptedException if cancelled while still WAITING (status cleared)
     */
    private int await(Waiter w, WaitList list, boolean timed, long nanos) throws InterruptedException {
        // No spinning before parking: measured on 2 cores with virtual threads (QueueBenchmark),
        // 32 or 256 onSpinWait rounds made capacity-1 transfers 2-10x slower and did not help at
        // capacity 1,024; the other side usually needs this carrier, or is itself parked.
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean cancelled = false;
        for (;;) {
            int s = w.state;
            if (s != WAITING) {
                return s;
            }
            if (Thread.interrupted() || Cancellation.isCancelled()) {
                cancelled = true;
                break;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
        int s;
        lock();
        try {
            s = w.state;
            if (s == WAITING) {
                list.remove(w);
                w.state = CANCELLED;
                w.item = null; // a withdrawn putter keeps its item; the node must not
            }
        } finally {
            unlock();
        }
        if (s == WAITING) {
            if (cancelled) {
                throw new InterruptedException();
            }
            return CANCELLED;
        }
        // The other side resolved the node first: its decision stands (hand-off wins).
        if (cancelled) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /** Detaches every node of {@code list}, moving each to {@code state}. Under lock. */
    private static Waiter releaseAll(WaitList list, int state) {
        Waiter head = list.head;
        for (Waiter n = head; n != null; n = n.next) {
            STATE.setRelease(n, state);
        }
        list.head = list.tail = null;
        list.count = 0;
        return head;
    }

    /** Unparks a chain detached by releaseAll. Called after unlocking. */
    private static void unparkChain(Waiter n) {
        while (n != null) {
            Waiter next = n.next; // nobody writes a detached node's links any more
            LockSupport.unpark(n.thread);
            n = next;
        }
    }

    /** One parked caller. */
    static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** Getter: the item handed to it. Putter: the item it offers. */
        Object item;
        /** See the state machine in the notes. */
        volatile int state;
        /** Links in its WaitList; under lock. */
        Waiter prev;
        Waiter next;

        Waiter(Object item) {
            this.item = item;
        }
    }

    /** A FIFO doubly linked list of waiters; every method is called under the lock. */
    static final class WaitList {
        Waiter head;
        Waiter tail;
        int count;

        void add(Waiter w) {
            Waiter t = tail;
            w.prev = t;
            if (t == null) {
                head = w;
            } else {
                t.next = w;
            }
            tail = w;
            count++;
        }

        Waiter poll() {
            Waiter h = head;
            if (h != null) {
                Waiter n = h.next;
                head = n;
                if (n == null) {
                    tail = null;
                } else {
                    n.prev = null;
                }
                h.next = null;
                count--;
            }
            return h;
        }

        void remove(Waiter w) {
            Waiter p = w.prev;
            Waiter n = w.next;
            if (p == null) {
                head = n;
            } else {
                p.next = n;
            }
            if (n == null) {
                tail = p;
            } else {
                n.prev = p;
            }
            w.prev = w.next = null;
            count--;
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
