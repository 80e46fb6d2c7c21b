// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.QueueShutdownException;
import java.util.AbstractQueue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code Queue.asBlockingQueue()}: a {@link BlockingQueue} view of a Weft queue (FIFO, LIFO or
 * priority), for code written against {@code java.util.concurrent}. Every method acts on the
 * Weft queue itself; the contract is documented on {@code dev.weft.Queue#asBlockingQueue()}.
 *
 * @param <T> the item type
 */
/*
 * Implementation notes.
 *
 * A thin adapter: every operation is one QueueCore call, so the view keeps the Weft queue's
 * hand-off, fairness, cancellation and counting rules (a cancelled take() never consumes an
 * item; items handed out by poll/take/drainTo stay unfinished until taskDone()). It holds no
 * state of its own and several views of one queue are interchangeable.
 *
 * Mapping (W = the Weft call it is):
 *   put / take                  W put / get, with Weft's cancellation checkpoint first.
 *   offer(e, t) / poll(t)       W offer / poll with a timeout; t saturates, negative = 0.
 *   add(e)                      W putNowait: QueueFullException is the IllegalStateException
 *                               Queue.add requires.
 *   offer(e) / poll() / peek()  QueueCore.put(TIMED, 0), pollNow(), peek(): never park, never
 *                               check cancellation (they are not blocking methods), never throw
 *                               for an empty or full queue.
 *   remove() / element()        AbstractQueue, over poll() / peek(): NoSuchElementException.
 *   drainTo                     QueueCore.drainTo (the sink is called outside the queue lock;
 *                               an item it refuses is put back at the front when there is room).
 *   contains / remove(Object) / iterator / toArray / toString
 *                               over a snapshot (QueueCore.toArray), so equals() and the
 *                               caller's code never run under the queue's lock. remove(o) finds
 *                               an equal item in the snapshot and removes that very object; if
 *                               it was taken meanwhile it looks again. Iterator.remove removes
 *                               the object it returned, if it is still queued (weakly
 *                               consistent, as LinkedBlockingQueue's iterator).
 *
 * Shutdown (the JDK interface has no such state; decided here, documented on Queue): the
 * blocking methods (put, offer(e, t), take, poll(t)) throw QueueShutdownException as Weft's own
 * put/get do, because they could never succeed; the non-blocking ones report the state the
 * shut-down queue is in: offer(e) returns false and add(e) throws QueueShutdownException (as for
 * a full queue), remainingCapacity() is 0, poll()/peek() return null once it is empty and
 * drainTo returns 0.
 */
public final class BlockingQueueView<T> extends AbstractQueue<T> implements BlockingQueue<T> {

    private final QueueCore<T> core;
    private final boolean bounded;
    private final boolean ordered;
    private final Consumer<? super T> checkItem;

    /**
     * @param core the queue's mechanics
     * @param bounded false for an unbounded queue (remainingCapacity is then Integer.MAX_VALUE)
     * @param ordered false for a priority queue, whose snapshot is in heap order
     * @param checkItem rejects items the queue cannot hold (null, or not Comparable)
     */
    public BlockingQueueView(QueueCore<T> core, boolean bounded, boolean ordered, Consumer<? super T> checkItem) {
        this.core = core;
        this.bounded = bounded;
        this.ordered = ordered;
        this.checkItem = checkItem;
    }

    /** True if this is a view of the queue behind {@code c}; such a sink is refused by drainTo. */
    public boolean isViewOf(QueueCore<?> c) {
        return core == c;
    }

    // ---- insertion ----

    @Override
    public boolean add(T e) {
        checkItem.accept(e);
        try {
            core.put(e, QueueCore.NOWAIT, 0L);
        } catch (InterruptedException never) {
            throw new AssertionError("a put that does not wait was interrupted", never);
        }
        return true;
    }

    @Override
    public boolean offer(T e) {
        checkItem.accept(e);
        try {
            return core.put(e, QueueCore.TIMED, 0L);
        } catch (QueueShutdownException shutDown) {
            return false;
        } catch (InterruptedException never) {
            throw new AssertionError("a put that does not wait was interrupted", never);
        }
    }

    @Override
    public void put(T e) throws InterruptedException {
        checkItem.accept(e);
        Cancellation.checkpoint();
        core.put(e, QueueCore.UNTIMED, 0L);
    }

    @Override
    public boolean offer(T e, long timeout, TimeUnit unit) throws InterruptedException {
        checkItem.accept(e);
        long nanos = nanos(timeout, unit);
        Cancellation.checkpoint();
        return core.put(e, QueueCore.TIMED, nanos);
    }

    // ---- removal ----

    @Override
    public T take() throws InterruptedException {
        Cancellation.checkpoint();
        return core.get(QueueCore.UNTIMED, 0L);
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = nanos(timeout, unit);
        Cancellation.checkpoint();
        return core.get(QueueCore.TIMED, nanos);
    }

    @Override
    public T poll() {
        return core.pollNow();
    }

    @Override
    public T peek() {
        return core.peek();
    }

    @Override
    public int drainTo(Collection<? super T> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super T> c, int maxElements) {
        Objects.requireNonNull(c, "collection");
        if (c == this || (c instanceof BlockingQueueView<?> v && v.core == core)) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        if (maxElements <= 0) {
            return 0;
        }
        return core.drainTo(c, maxElements);
    }

    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        for (; ; ) {
            Object found = null;
            for (Object x : core.toArray()) {
                if (o.equals(x)) {
                    found = x;
                    break;
                }
            }
            if (found == null) {
                return false;
            }
            if (core.removeIdentical(found)) {
                return true;
            }
            // Taken by someone else since the snapshot: look again.
        }
    }

    @Override
    public void clear() {
        core.clear();
    }

    // ---- inspection ----

    @Override
    public int size() {
        return core.size();
    }

    @Override
    public boolean isEmpty() {
        return core.size() == 0;
    }

    @Override
    public int remainingCapacity() {
        int r = core.remainingCapacity();
        return bounded || r == 0 ? r : Integer.MAX_VALUE;
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        for (Object x : core.toArray()) {
            if (o.equals(x)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object[] toArray() {
        return core.toArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A[] toArray(A[] a) {
        Objects.requireNonNull(a, "array");
        Object[] items = core.toArray();
        int n = items.length;
        if (a.length < n) {
            return (A[]) Arrays.copyOf(items, n, a.getClass());
        }
        System.arraycopy(items, 0, a, 0, n);
        if (a.length > n) {
            a[n] = null;
        }
        return a;
    }

    @Override
    public Iterator<T> iterator() {
        return new SnapshotIterator(core.toArray());
    }

    @Override
    public Spliterator<T> spliterator() {
        int characteristics = Spliterator.NONNULL | (ordered ? Spliterator.ORDERED : 0);
        return Spliterators.spliterator(core.toArray(), characteristics);
    }

    /** Iterates a snapshot; remove() removes the item it returned last, if it is still queued. */
    private final class SnapshotIterator implements Iterator<T> {
        private final Object[] items;
        private int next;
        private Object last;

        SnapshotIterator(Object[] items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return next < items.length;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (next >= items.length) {
                throw new NoSuchElementException();
            }
            Object x = items[next++];
            last = x;
            return (T) x;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            core.removeIdentical(last);
            last = null;
        }
    }

    private static long nanos(long timeout, TimeUnit unit) {
        return WaitTime.nanos(timeout, unit);
    }
}
