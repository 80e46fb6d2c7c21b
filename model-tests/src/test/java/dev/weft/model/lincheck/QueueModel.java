// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import dev.weft.QueueShutdownException;
import dev.weft.model.lincheck.LinearizabilityCheck.WouldBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sequential model of Weft's queues: a list of items, a capacity, a count of unfinished
 * items and a shutdown flag, with asyncio 3.13's semantics (README "Queues" and "Guarantees"; CPython gh-96471).
 * Subclasses say which item a get takes: FIFO, LIFO, or the first of the smallest key (a stable
 * priority queue). Methods mirror {@link QueueLinearizabilityCheck}'s operations.
 */
public abstract class QueueModel {

    private final List<Integer> items = new ArrayList<>();
    private final int capacity;
    private int unfinished;
    private boolean shutdown;

    protected QueueModel(int capacity) {
        this.capacity = capacity;
    }

    /** The index of the item the next get takes, {@code items} not empty. */
    protected abstract int next(List<Integer> items);

    public void putNowait(int x) {
        if (shutdown) {
            throw new QueueShutdownException("shut down");
        }
        if (items.size() == capacity) {
            throw new QueueFullException("full");
        }
        items.add(x);
        unfinished++;
    }

    public boolean offerZero(int x) {
        if (!shutdown && items.size() == capacity) {
            return false;
        }
        putNowait(x);
        return true;
    }

    public void put(int x) {
        if (!shutdown && items.size() == capacity) {
            throw new WouldBlock();
        }
        putNowait(x);
    }

    public int getNowait() {
        if (items.isEmpty()) {
            if (shutdown) {
                throw new QueueShutdownException("shut down and empty");
            }
            throw new QueueEmptyException("empty");
        }
        return items.remove(next(items));
    }

    public Optional<Integer> pollZero() {
        if (items.isEmpty() && !shutdown) {
            return Optional.empty();
        }
        return Optional.of(getNowait());
    }

    public int get() {
        if (items.isEmpty() && !shutdown) {
            throw new WouldBlock();
        }
        return getNowait();
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public boolean isFull() {
        return items.size() == capacity;
    }

    public void taskDone() {
        if (unfinished == 0) {
            throw new IllegalStateException("taskDone too often");
        }
        unfinished--;
    }

    public boolean joinZero() {
        return unfinished == 0;
    }

    public void join() {
        if (unfinished != 0) {
            throw new WouldBlock();
        }
    }

    public void shutdown() {
        shutdown = true;
    }

    public List<Integer> shutdownNow() {
        shutdown = true;
        List<Integer> dropped = new ArrayList<>();
        while (!items.isEmpty()) {
            dropped.add(items.remove(next(items)));
        }
        unfinished = Math.max(0, unfinished - dropped.size());
        return dropped;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /** First in, first out. */
    public abstract static class Fifo extends QueueModel {
        protected Fifo(int capacity) {
            super(capacity);
        }

        @Override
        protected int next(List<Integer> items) {
            return 0;
        }
    }

    /** Last in, first out. */
    public abstract static class Lifo extends QueueModel {
        protected Lifo(int capacity) {
            super(capacity);
        }

        @Override
        protected int next(List<Integer> items) {
            return items.size() - 1;
        }
    }

    /** Smallest {@link #key} first; among equal keys, the earliest put (stable). */
    public abstract static class StablePriority extends QueueModel {
        protected StablePriority(int capacity) {
            super(capacity);
        }

        /** The priority of an item: its tens, so 11, 12 and 13 are equals in order. */
        public static int key(int x) {
            return x / 10;
        }

        @Override
        protected int next(List<Integer> items) {
            int best = 0;
            for (int i = 1; i < items.size(); i++) {
                if (key(items.get(i)) < key(items.get(best))) {
                    best = i; // strictly smaller only: the earliest of equals stays first
                }
            }
            return best;
        }
    }
}
