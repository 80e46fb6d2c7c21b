// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The broken primitives the twins drive. Each has exactly one bug, named in its comment; the
 * window of each race is widened with {@link Thread#onSpinWait()} so jcstress finds it fast.
 */
final class Broken {

    private Broken() {}

    private static void window() {
        for (int i = 0; i < 8; i++) {
            Thread.onSpinWait();
        }
    }

    /** Bug: acquire checks the flag and then sets it (check-then-act), so two can get in. */
    static final class Lock {
        private volatile boolean locked;

        void acquire() {
            while (locked) {
                Thread.onSpinWait();
            }
            window();
            locked = true;
        }

        boolean tryAcquire() {
            if (locked) {
                return false;
            }
            window();
            locked = true;
            return true;
        }

        void release() {
            locked = false;
        }
    }

    /**
     * Bug: permits are checked and then decremented (check-then-act); release of a bounded
     * semaphore checks the bound and then increments, so two releases both pass the check.
     */
    static final class Semaphore {
        private volatile int permits;
        private final int bound;

        Semaphore(int permits, int bound) {
            this.permits = permits;
            this.bound = bound;
        }

        /** Returns false if no permit came within 20 ms (the broken counts can strand it). */
        boolean acquire() {
            long deadline = System.nanoTime() + 20_000_000L;
            while (permits <= 0) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.onSpinWait();
            }
            window();
            permits = permits - 1;
            return true;
        }

        void release() {
            int p = permits;
            if (p >= bound) {
                throw new IllegalStateException("over-release");
            }
            window();
            permits = p + 1;
        }

        int availablePermits() {
            return permits;
        }
    }

    /** Bug: await checks the flag, then registers as the waiter: a set() in between is lost. */
    static final class Event {
        private volatile boolean flag;
        private volatile Thread waiter;

        void set() {
            flag = true;
            Thread t = waiter;
            if (t != null) {
                waiter = null;
                LockSupport.unpark(t);
            }
        }

        /** Returns true if woken by set() (or already set), false if the timeout ran out. */
        boolean await(long timeoutNanos) {
            if (flag) {
                return true;
            }
            window();
            waiter = Thread.currentThread();
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false; // a waiter that missed set() sleeps until its timeout
                }
                LockSupport.parkNanos(this, left);
                if (waiter == null) {
                    return true;
                }
            }
        }
    }

    /**
     * Bug: set() bumps the generation and then writes the flag, two separate steps, so a waiter
     * that returns on the generation and clears in between has its clear undone. (Waiters spin
     * here: the bug is in set(), not in parking.)
     */
    static final class PulseEvent {
        private volatile boolean flag;
        private volatile long generation;

        void set() {
            if (flag) {
                return;
            }
            generation++; // only one setter in the test
            window();
            flag = true;
        }

        void clear() {
            flag = false;
        }

        boolean isSet() {
            return flag;
        }

        void awaitSpinning() {
            long from = generation;
            while (!flag && generation == from) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Bug: await releases the lock before registering as a waiter, so a signal made under the
     * lock in between finds nobody (the lost wake-up).
     */
    static final class Condition {
        final ReentrantLock lock = new ReentrantLock();
        private volatile Thread waiter;
        private volatile boolean signalled;

        /** Returns true if signalled, false if the timeout ran out. Call with the lock held. */
        boolean await(long timeoutNanos) {
            signalled = false;
            lock.unlock();
            window();
            waiter = Thread.currentThread();
            long deadline = System.nanoTime() + timeoutNanos;
            try {
                while (!signalled) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                return true;
            } finally {
                waiter = null;
                lock.lock();
            }
        }

        void signal() {
            Thread t = waiter;
            if (t != null) {
                signalled = true;
                LockSupport.unpark(t);
            }
        }
    }

    /** Bug: the arrival count is read and written back non-atomically, so arrivals are lost. */
    static final class Barrier {
        private final int parties;
        private volatile int count;
        private volatile int generation;

        Barrier(int parties) {
            this.parties = parties;
        }

        /** Returns the arrival index, or -1 if the generation did not trip in time. */
        int await(long timeoutNanos) {
            int g = generation;
            int index = count;
            window();
            count = index + 1;
            if (index + 1 == parties) {
                count = 0;
                generation = g + 1;
                return index;
            }
            long deadline = System.nanoTime() + timeoutNanos;
            while (generation == g) {
                if (System.nanoTime() - deadline > 0) {
                    return -1;
                }
                Thread.onSpinWait();
            }
            return index;
        }
    }

    /**
     * Bug: get looks at the head and then removes it (check-then-act), so two getters can both
     * return the same item; a bounded put checks the size and then adds, so the bound can be
     * exceeded.
     */
    static final class Queue<T> {
        private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int maxsize;

        Queue(int maxsize) {
            this.maxsize = maxsize;
        }

        /** Returns false if the queue stayed full for 20 ms. */
        boolean put(T item) {
            long deadline = System.nanoTime() + 20_000_000L;
            while (size.get() >= maxsize) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.onSpinWait();
            }
            window();
            items.add(item);
            size.incrementAndGet();
            return true;
        }

        /** Returns the head item, or null if none came within the timeout. */
        T get(long timeoutNanos) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                T head = items.peek();
                if (head != null) {
                    window();
                    if (items.remove(head)) {
                        size.decrementAndGet();
                    }
                    return head;
                }
                if (System.nanoTime() - deadline > 0) {
                    return null;
                }
                Thread.onSpinWait();
            }
        }

        int size() {
            return size.get();
        }
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broken-waitFor-timer");
        t.setDaemon(true);
        return t;
    });

    /**
     * A naive waitFor. Bugs: the timer interrupts the caller and is cancelled only after the
     * body returned, so an interrupt can arrive after the fact (and leak); and "the timer
     * fired" decides the outcome, so a value the body returned is thrown away as a timeout.
     */
    static <T> T waitFor(long timeoutNanos, Supplier<T> body) throws TimeoutException {
        Thread caller = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> timer = TIMER.schedule(
                () -> {
                    fired.set(true);
                    caller.interrupt();
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
        T value = body.get();
        timer.cancel(false);
        if (fired.get()) {
            throw new TimeoutException();
        }
        return value;
    }

    /**
     * A lock whose holder breaks it when it ends holding it, found by waiters through a watch
     * list on the holder (Weft's MutexSync and ForkedTask, reduced to one lock, one holder and
     * one waiter). Bug: the waiter records itself in the holder's list but does not then look
     * at whether the holder has already ended, so a holder that looked at its list just before
     * the waiter recorded itself never breaks the lock, and the waiter waits for ever.
     */
    static final class HeldLock {
        private volatile boolean holderEnded;
        private volatile boolean watched;
        private volatile boolean broken;

        /** The holder's end: it ends still holding the lock. */
        void holderEnds() {
            holderEnded = true;
            if (watched) {
                broken = true; // wakes the waiter
            }
        }

        /**
         * A waiter about to wait for the lock.
         *
         * @return true if it learns the lock is broken (at once, or woken by the holder's end)
         */
        boolean waiterWaits(long nanos) {
            watched = true;
            window();
            // the missing step: if (holderEnded) broken = true;
            long deadline = System.nanoTime() + nanos;
            while (!broken) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        }
    }
}
