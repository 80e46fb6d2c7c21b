// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutdownException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
 * SpinLock that QueueStorage extends (as WaitQueue does), held only for a few field writes and
 * never across a park, an unpark or another lock (see SpinLock for how a contended caller
 * spins, yields and backs off). Not a ReentrantLock: profiled on QueueBenchmark (2 cores,
 * virtual threads), most of the time went to ReentrantLock.unlock's volatile store (a full
 * fence, to look for parked lock waiters) and to parking a contended virtual thread for a
 * critical section of a few nanoseconds. The one piece of user code run under it is a
 * PriorityQueue comparator (as j.u.c.PriorityBlockingQueue runs it under its lock). The lock
 * word, `unfinished` and `shutdown` live in the store object next to its counters, so one
 * operation moves one object's cache line(s) between cores, not QueueCore's and the store's.
 *
 * Blocked callers wait as Waiters (the one waiting mechanism, see Waiter) in three WaitLists
 * (getters, putters, joiners) under the store's lock; QueueCore is their Owner. Outcomes:
 *
 *                 +--(other side, under lock)--> GRANTED   getter: `item` holds its item
 *                 |                                        putter: its item is in the store
 *     WAITING ----+                                        joiner: the count reached zero
 *                 +--(shutdown, under lock)----> SHUTDOWN  getter/putter: throw
 *                 |
 *                 +--(the waiter, withdraw)----> CANCELLED interrupted, cancelled or timed out
 *
 * All three transitions happen under the lock, and whoever makes one also unlinks the waiter,
 * so "waiter is in its list" == "WAITING". The granter writes `item` and then the status
 * (volatile) and unparks the waiter AFTER unlocking; the waiter re-reads its status without
 * the lock each time it wakes, so a hand-off costs the waiter no lock acquisition.
 *
 * Invariants (under lock):
 *   - getters non-empty  => store empty.     (a put with a parked getter hands to it)
 *   - putters non-empty  => store full.      (a get that frees a slot moves the first putter in)
 * Hence no caller barges past a parked one: a putNowait/put finds the store full while putters
 * wait, a getNowait/get finds it empty while getters wait. Both nowait forms decide under the
 * lock from this exact state, so they never fail spuriously.
 *
 * Races considered:
 *   - Hand-off vs cancellation of the receiver: decided in Waiter. If the other side got there
 *     first the hand-off stands: a getter returns the item, a putter returns normally, and the
 *     interrupt status is re-asserted (README, Guarantees). So a cancelled get() never
 *     consumes an item, and a put() that throws InterruptedException inserted nothing.
 *   - Shutdown vs waiting: shutdown() moves every waiting getter and putter to SHUTDOWN; the
 *     putter's item was never stored, so nothing is dropped without its owner knowing.
 *   - Stale unpark: a granter may unpark a thread that already returned (it woke for another
 *     reason and saw its status first). That only makes a later park of that thread return
 *     early, and every park (Waiter, and the JDK's) is in a loop that re-reads its own state.
 *   - A waiter that withdraws unlinks itself at once (WaitList is doubly linked), so any number
 *     of timed-out or cancelled waits leave no garbage in the lists (jox #48).
 *   - A PriorityQueue comparator that throws inside put(): the heap's push decides the slot
 *     before it moves anything (QueueStorage.Heap), and nothing else has changed by then, so
 *     the put throws and leaves the queue exactly as it was.
 *
 * Field access:
 *   store, capacity, lists           final.
 *   blocker                          set by the Queue's constructor before it is shared.
 *   the lock word (SpinLock)         CAS to take, release store to give back.
 *   store contents, lists' links,
 *   unfinished, shutdown             under lock only (fields of the store object, see above).
 *   Waiter status, item              see Waiter; a getter's item is written by the putter
 *                                    before the status, a putter's before it is linked.
 */
public final class QueueCore<T> implements Waiter.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(dev.weft.Queue.class);

    private final QueueStorage store;
    private final int capacity;
    private final WaitList getters = new WaitList();
    private final WaitList putters = new WaitList();
    private final WaitList joiners = new WaitList();
    private Object blocker = this;

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

    /** Makes {@code queue} the object this queue's waiters park on (see WaitQueue.parkOn). */
    public void parkOn(Object queue) {
        this.blocker = queue;
    }

    @Override
    public Object blocker() {
        return blocker;
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
            g = getters.isEmpty() ? null : handTo(getters, x);
            if (g != null) {
                // getters waiting => store empty: direct hand-off keeps FIFO among getters.
                store.unfinished++;
            } else if (store.size < capacity) {
                store.push(x);
                store.unfinished++;
                return true;
            } else if (mode == NOWAIT) {
                throw new QueueFullException("queue is full (maxsize " + capacity + ")");
            } else if (mode == TIMED && nanos <= 0) {
                return false;
            } else {
                w = new Waiter(this, x);
                putters.add(w);
            }
        } finally {
            unlock();
        }
        if (g != null) {
            g.unpark();
            return true;
        }
        int s = w.await(mode == TIMED ? nanos : -1L, Waiter.Spin.NONE);
        if (s == Waiter.GRANTED) {
            return true;
        }
        if (s == Waiter.SHUTDOWN) {
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
                // putters waiting => store was full; the slot just freed is theirs.
                p = putters.isEmpty() ? null : admitPutter();
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
                w = new Waiter(this);
                getters.add(w);
            }
        } finally {
            unlock();
        }
        if (w == null) {
            WaitList.unpark(p);
            return (T) x;
        }
        int s = w.await(mode == TIMED ? nanos : -1L, Waiter.Spin.NONE);
        if (s == Waiter.GRANTED) {
            return (T) w.item;
        }
        if (s == Waiter.SHUTDOWN) {
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
                released = joiners.grantUpTo(Integer.MAX_VALUE, Waiter.GRANTED, 0);
            }
        } finally {
            unlock();
        }
        WaitList.unparkAll(released);
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
            w = new Waiter(this);
            joiners.add(w);
        } finally {
            unlock();
        }
        return w.await(timed ? nanos : -1L, Waiter.Spin.NONE) == Waiter.GRANTED;
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
                    j = joiners.grantUpTo(Integer.MAX_VALUE, Waiter.GRANTED, 0);
                }
            }
            // getters waiting => store empty: they would wait forever, wake them to throw.
            g = getters.grantUpTo(Integer.MAX_VALUE, Waiter.SHUTDOWN, 0);
            p = putters.grantUpTo(Integer.MAX_VALUE, Waiter.SHUTDOWN, 0);
        } finally {
            unlock();
        }
        WaitList.unparkAll(g);
        WaitList.unparkAll(p);
        WaitList.unparkAll(j);
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
            return getters.size() + putters.size() + joiners.size();
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
        WaitList.unparkAll(admitted);
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
                    LOG.warn(
                            "drainTo: the sink refused {} ({}) and the queue had no free slot to take it back "
                                    + "(a waiting put took it); the item is dropped and counted done",
                            x,
                            e.toString());
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
            g = getters.isEmpty() ? null : handTo(getters, x);
            if (g == null) {
                if (store.size < capacity) {
                    store.pushFront(x);
                    return true;
                }
                return false;
            }
        } finally {
            unlock();
        }
        g.unpark();
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
        WaitList.unparkAll(admitted);
        WaitList.unparkAll(released);
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
        WaitList.unparkAll(admitted);
        WaitList.unparkAll(released);
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
        WaitList.unparkAll(released);
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
        return store.unfinished == 0 ? joiners.grantUpTo(Integer.MAX_VALUE, Waiter.GRANTED, 0) : null;
    }

    /**
     * Moves parked putters' items into the free slots, first come first served, keeping the
     * invariant "putters non-empty => store full" after a removal that is not a get (get() does
     * this inline for its one slot). Under lock; the caller passes the returned chain (linked
     * through {@code nextGranted}) to {@link WaitList#unparkAll} after unlocking.
     */
    private Waiter admitPutters() {
        Waiter first = null;
        Waiter last = null;
        while (store.size < capacity && !putters.isEmpty()) {
            Waiter p = admitPutter();
            if (last == null) {
                first = p;
            } else {
                last.nextGranted = p;
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
        assert invariantsHold();
        store.unlockQueue();
    }

    /** The notes' invariants; checked (with -ea) each time the lock is given back. */
    private boolean invariantsHold() {
        assert getters.isEmpty() || store.size == 0 : "a getter waits while the store holds items";
        assert putters.isEmpty() || store.size >= capacity : "a putter waits while the store has room";
        assert store.size <= capacity : "the store holds more than maxsize";
        assert store.unfinished >= 0 : "negative unfinished count";
        return true;
    }

    // ---- waiting ----

    public static final int NOWAIT = 0;
    public static final int TIMED = 1;
    public static final int UNTIMED = 2;

    /**
     * Lock held, getters not empty: hands {@code x} to the first getter.
     *
     * @return the granted getter, to unpark after unlocking
     */
    private static Waiter handTo(WaitList getters, Object x) {
        Waiter g = getters.first();
        g.item = x; // published by the grant below
        return getters.grantFirst(Waiter.GRANTED, 0);
    }

    /**
     * Lock held, putters not empty, a slot just freed: moves the first putter's item into the
     * store and grants it.
     *
     * @return the granted putter, to unpark after unlocking
     */
    private Waiter admitPutter() {
        Waiter p = putters.grantFirst(Waiter.GRANTED, 0);
        store.push(p.item);
        p.item = null;
        store.unfinished++;
        return p;
    }

    @Override
    public boolean withdraw(Waiter w, boolean timedOut) {
        lock();
        try {
            if (!w.cancelUnlisted()) {
                return false; // the other side resolved it first: its decision stands
            }
            w.list.remove(w);
            w.item = null; // a withdrawn putter keeps its item; the waiter must not
            return true;
        } finally {
            unlock();
        }
    }
}
