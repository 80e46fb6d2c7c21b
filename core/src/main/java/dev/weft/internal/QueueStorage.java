// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The item store behind a {@link QueueCore}: a growable ring (FIFO), an array stack (LIFO) or a
 * stable binary heap (priority). Not thread-safe: every method is called with the queue's lock
 * held. The store never checks capacity; {@link QueueCore} does.
 */
/*
 * Implementation notes.
 *
 * The base class also carries the queue's lock word and QueueCore's two other lock-guarded
 * fields (`unfinished`, `shutdown`): every queue operation takes the lock and touches the
 * store's counters, so keeping them in one object puts them in one or two cache lines that
 * move between the producer's and the consumer's cores together, instead of one line for
 * QueueCore and another for the store.
 *
 * Arrays start small (at most INITIAL slots) and double up to the queue's maxsize, so a queue
 * created with a large maxsize costs nothing until it fills. take() nulls the slot it empties,
 * so the store never retains an item that has left it.
 *
 * The heap is stable: each item is stored with a sequence number taken at insertion, and equal
 * items (compare == 0) come out in sequence order. Numbers live in a parallel long[], so a push
 * allocates nothing. If the comparator throws, push() and take() leave the heap exactly as it
 * was: each finds its slot or path by comparisons first and moves items only after (the JDK's
 * PriorityQueue moves as it compares, and loses or duplicates an item when a comparison throws).
 */
abstract sealed class QueueStorage extends SpinLock {

    static final int INITIAL = 16;

    /** Number of items held. Read and written under the queue's lock only. */
    int size;

    /** QueueCore's count of items put and not yet marked done (asyncio's _unfinished_tasks). Under lock. */
    long unfinished;

    /** QueueCore's shutdown flag, set once. Under lock. */
    boolean shutdown;

    /** Adds {@code x}; the caller has checked capacity. */
    abstract void push(Object x);

    /** Removes and returns the next item; the caller has checked {@code size > 0}. */
    abstract Object take();

    /** Removes every item, in the order {@link #take()} would return them. */
    final List<Object> drain() {
        List<Object> out = new ArrayList<>(size);
        while (size > 0) {
            out.add(take());
        }
        return out;
    }

    // ---- for the java.util.concurrent view (BlockingQueueView): inspection and removal ----

    /** The item {@link #take()} would return, without removing it; the caller has checked {@code size > 0}. */
    abstract Object peek();

    /**
     * A copy of the items: in the order {@link #take()} would return them for the ring and the
     * stack, in heap order (no particular order, as {@code PriorityBlockingQueue}) for the heap.
     */
    abstract Object[] toArray();

    /**
     * Removes the first item (in take order; any one for the heap) that is the very object
     * {@code x} (identity, so no user code runs under the queue's lock).
     *
     * @return false if no such item is held
     */
    abstract boolean removeIdentical(Object x);

    /**
     * Adds {@code x} where {@link #take()} finds it next (the heap: in its priority's place, as
     * the newest of its equals); the caller has checked capacity. For an item a drain sink
     * refused, going back where it came from.
     */
    abstract void pushFront(Object x);

    /**
     * Polls of a held lock before the caller yields its carrier. Measured on QueueBenchmark (2
     * cores, capacity 1,024): 128 made 4 producers / 4 consumers about 1.1-1.2x slower than
     * ArrayBlockingQueue, 2 made it about 0.5-1.0x, with 1/1 no worse. Yielding early is a
     * back-off: the holder's next acquisition finds the line still in its cache, so it runs
     * a few operations in a row instead of the line bouncing between cores on every one.
     */
    static final int SPINS = 2;

    QueueStorage() {
        super(SPINS);
    }

    static int grown(int length, int max) {
        long n = Math.max((long) length * 2, INITIAL);
        return (int) Math.min(n, max);
    }

    /** FIFO ring buffer. */
    static final class Ring extends QueueStorage {
        private final int max;
        private Object[] a;
        private int head; // index of the next item to take
        private int tail; // index of the next free slot

        Ring(int max) {
            this.max = max;
            this.a = new Object[Math.min(max, INITIAL)];
        }

        @Override
        void push(Object x) {
            if (size == a.length) {
                grow();
            }
            Object[] a = this.a;
            a[tail] = x;
            if (++tail == a.length) {
                tail = 0;
            }
            size++;
        }

        @Override
        Object take() {
            Object[] a = this.a;
            Object x = a[head];
            a[head] = null;
            if (++head == a.length) {
                head = 0;
            }
            size--;
            return x;
        }

        @Override
        Object peek() {
            return a[head];
        }

        @Override
        Object[] toArray() {
            Object[] out = new Object[size];
            int firstPart = Math.min(size, a.length - head);
            System.arraycopy(a, head, out, 0, firstPart);
            System.arraycopy(a, 0, out, firstPart, size - firstPart);
            return out;
        }

        @Override
        void pushFront(Object x) {
            if (size == a.length) {
                grow();
            }
            head = (head == 0 ? a.length : head) - 1;
            a[head] = x;
            size++;
        }

        @Override
        boolean removeIdentical(Object x) {
            Object[] a = this.a;
            int len = a.length;
            for (int k = 0; k < size; k++) {
                if (a[(head + k) % len] == x) {
                    // Close the gap: every later item moves one slot toward the head.
                    for (int j = k; j < size - 1; j++) {
                        a[(head + j) % len] = a[(head + j + 1) % len];
                    }
                    int last = (head + size - 1) % len;
                    a[last] = null;
                    tail = last;
                    size--;
                    return true;
                }
            }
            return false;
        }

        private void grow() {
            Object[] b = new Object[grown(a.length, max)];
            int firstPart = Math.min(size, a.length - head);
            System.arraycopy(a, head, b, 0, firstPart);
            System.arraycopy(a, 0, b, firstPart, size - firstPart);
            a = b;
            head = 0;
            tail = size == b.length ? 0 : size;
        }
    }

    /** LIFO array stack. */
    static final class Stack extends QueueStorage {
        private final int max;
        private Object[] a;

        Stack(int max) {
            this.max = max;
            this.a = new Object[Math.min(max, INITIAL)];
        }

        @Override
        void push(Object x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, grown(a.length, max));
            }
            a[size++] = x;
        }

        @Override
        Object take() {
            Object x = a[--size];
            a[size] = null;
            return x;
        }

        @Override
        Object peek() {
            return a[size - 1];
        }

        @Override
        Object[] toArray() {
            Object[] out = new Object[size];
            for (int i = 0; i < size; i++) {
                out[i] = a[size - 1 - i]; // top first, as take() returns them
            }
            return out;
        }

        @Override
        void pushFront(Object x) {
            push(x); // the top is the front
        }

        @Override
        boolean removeIdentical(Object x) {
            for (int i = size - 1; i >= 0; i--) { // from the top: take order
                if (a[i] == x) {
                    System.arraycopy(a, i + 1, a, i, size - 1 - i);
                    a[--size] = null;
                    return true;
                }
            }
            return false;
        }
    }

    /** Stable binary min-heap: least item first, equal items in insertion order. */
    static final class Heap extends QueueStorage {
        private final int max;
        private final Comparator<Object> cmp; // null: natural order
        private Object[] a;
        private long[] seq;
        private long nextSeq;
        /** take()'s scratch: the children the sinking item passes, root first (depth <= 31). */
        private final int[] path = new int[32];

        @SuppressWarnings("unchecked")
        Heap(int max, Comparator<?> cmp) {
            this.max = max;
            this.cmp = (Comparator<Object>) cmp;
            int n = Math.min(max, INITIAL);
            this.a = new Object[n];
            this.seq = new long[n];
        }

        @SuppressWarnings("unchecked")
        private boolean less(Object x, long sx, Object y, long sy) {
            int c = cmp == null ? ((Comparable<Object>) x).compareTo(y) : cmp.compare(x, y);
            return c < 0 || (c == 0 && sx < sy);
        }

        /**
         * Adds {@code x}. The slot is found by comparisons alone, and items move only once it
         * is known, so a comparator that throws leaves the heap exactly as it was.
         */
        @Override
        void push(Object x) {
            if (size == a.length) {
                int n = grown(a.length, max);
                a = Arrays.copyOf(a, n);
                seq = Arrays.copyOf(seq, n);
            }
            long s = nextSeq;
            int k = size;
            int slot = floatUp(k, x, s);
            a[slot] = x;
            seq[slot] = s;
            nextSeq = s + 1;
            size = k + 1;
        }

        /**
         * Removes the least item. As in {@link #push}, the path the last item sinks along is
         * found by comparisons first (into {@code path}) and applied after, so a comparator that
         * throws leaves the heap as it was.
         */
        @Override
        Object take() {
            Object[] a = this.a;
            long[] seq = this.seq;
            Object result = a[0];
            int n = size - 1;
            Object x = a[n];
            long sx = seq[n];
            int hole = sinkDown(0, n, x, sx);
            a[hole] = x;
            seq[hole] = sx;
            a[n] = null;
            size = n;
            return result;
        }

        @Override
        Object peek() {
            return a[0];
        }

        @Override
        Object[] toArray() {
            return Arrays.copyOf(a, size);
        }

        @Override
        void pushFront(Object x) {
            push(x); // the order decides where it goes
        }

        @Override
        boolean removeIdentical(Object x) {
            for (int i = 0; i < size; i++) {
                if (a[i] == x) {
                    removeAt(i);
                    return true;
                }
            }
            return false;
        }

        /**
         * Removes the item at {@code i}: the last item takes its place and sinks, or floats up
         * if it is less than the removed item's parent (java.util.PriorityQueue.removeAt). Like
         * take(), it compares before it moves anything, so a throwing comparator changes nothing.
         */
        private void removeAt(int i) {
            int n = size - 1;
            Object x = a[n];
            long sx = seq[n];
            if (i != n) {
                int hole = sinkDown(i, n, x, sx);
                if (hole == i) {
                    hole = floatUp(i, x, sx);
                }
                a[hole] = x;
                seq[hole] = sx;
            }
            a[n] = null;
            size = n;
        }

        /**
         * Where {@code x} (sequence {@code sx}) floats up to from the hole at {@code k}: finds the
         * slot by comparisons alone, then shifts the ancestors between {@code k} and it down a
         * level. The caller writes {@code x} into the returned slot. If the comparator throws,
         * nothing has moved.
         */
        private int floatUp(int k, Object x, long sx) {
            int slot = k;
            while (slot > 0) {
                int parent = (slot - 1) >>> 1;
                if (!less(x, sx, a[parent], seq[parent])) {
                    break;
                }
                slot = parent;
            }
            // No comparison from here on.
            for (int c = k; c != slot; ) {
                int parent = (c - 1) >>> 1;
                a[c] = a[parent];
                seq[c] = seq[parent];
                c = parent;
            }
            return slot;
        }

        /**
         * Where {@code x} sinks to from the hole at {@code k} among the first {@code n} slots: the
         * path of smaller children is found by comparisons first (into {@code path}), then each
         * moves up a level. The caller writes {@code x} into the returned slot. If the
         * comparator throws, nothing has moved.
         */
        private int sinkDown(int k, int n, Object x, long sx) {
            int depth = 0;
            int half = n >>> 1;
            for (int p = k; p < half; ) {
                int c = 2 * p + 1;
                int r = c + 1;
                if (r < n && less(a[r], seq[r], a[c], seq[c])) {
                    c = r;
                }
                if (!less(a[c], seq[c], x, sx)) {
                    break;
                }
                path[depth++] = c;
                p = c;
            }
            // No comparison from here on.
            int hole = k;
            for (int i = 0; i < depth; i++) {
                int c = path[i];
                a[hole] = a[c];
                seq[hole] = seq[c];
                hole = c;
            }
            return hole;
        }
    }
}
