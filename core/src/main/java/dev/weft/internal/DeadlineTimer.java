// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one timer behind every Weft deadline: a hashed timing wheel driven by a daemon platform
 * thread, {@code weft-timer}, started by the first deadline and ended after it has had nothing
 * to do for a while ({@code -Dweft.timer.linger}, in milliseconds, default 1000; 0 ends it as
 * soon as it is idle). The next deadline starts a new one.
 */
/*
 * Implementation notes.
 *
 * Most deadlines never fire: the body finishes first. So registering and cancelling must be
 * cheap, and firing may be late by a tick. Registration is one CAS that pushes the
 * DeadlineScope itself (no extra node) onto one of STRIPES lock-free stacks, chosen by thread
 * id so that threads rarely contend, then one volatile read of `state`. Cancellation is the
 * owner's CAS on the scope's timerState (DeadlineScope); the timer drops DONE nodes lazily.
 *
 * The timer thread alone owns the wheel: WHEEL buckets of TICK_NANOS each, so one turn covers
 * about a second. Each tick it (1) drains the stripes, putting every live node in the bucket
 * of its deadline tick (or firing it at once if already due), and (2) walks the buckets of the
 * ticks that have passed, firing due nodes, dropping DONE ones and keeping the rest for a later
 * turn. A node whose deadline is hours away is revisited once per turn; a cancelled node is
 * gone within one turn, so memory is bounded by live deadlines plus one second of churn.
 * A million pending deadlines cost the timer a walk of ~1,000 nodes per tick.
 *
 * The thread's life (`state`; at most one timer thread is ever in RUNNING or IDLE):
 *
 *   STOPPED --register: CAS, starts a thread--> RUNNING
 *   RUNNING --timer: nothing pending--> IDLE, then it re-scans the stripes
 *   IDLE --register: CAS, unparks the timer--> RUNNING
 *   IDLE --timer: its re-scan found a node (CAS)--> RUNNING
 *   IDLE --timer: `linger` passed with nothing registered (CAS)--> STOPPED; the thread ends
 *   any --an Error out of the timer's loop (getAndSet)--> STOPPED; the thread ends
 *
 * A registration is never lost (a deadline that never fires would be a hang). Push and read
 * of `state` by a registrar, write of IDLE and re-scan by the timer, are volatile accesses in
 * opposite orders (Dekker): a registrar that read RUNNING pushed before the timer's next IDLE,
 * whose re-scan finds the node (or a drain took it). One that read IDLE or STOPPED acts itself:
 * it wins IDLE->RUNNING (the timer, woken, sees RUNNING and drains) or STOPPED->RUNNING (it
 * starts the thread, which drains first); when its CAS fails it reads again. So exactly one
 * registrar starts a thread, and the timer stops only from IDLE, with no CAS winner racing it.
 * An ending thread touches nothing after its IDLE->STOPPED CAS; the wheel passes to the next
 * thread through that CAS, the starter's CAS and Thread.start. It is empty then (pending == 0)
 * except after an Error, when the next thread takes it over without resetting lastTick.
 *
 * A scope whose cancellation throws (it should not) is skipped and the rest of its stripe or
 * bucket still processed. A VirtualMachineError, or an Error thrown into the thread elsewhere
 * than in a cancellation (Fray's TargetTerminateException), ends the thread as STOPPED; the
 * next register() starts a new one, which takes over the wheel, so deadlines already held wait
 * for that registration. If Thread.start fails, the registrar puts STOPPED back and rethrows;
 * its node (and any pushed while it held RUNNING) stays in the stripes for the next thread.
 *
 * The exit is a ForkJoinPool worker's in small: publish idle, re-scan, wait out a keep-alive,
 * then leave by a CAS that fails if work came; whoever then finds no thread starts one. Like the
 * JDK's own lazily started threads (InnocuousThread), the thread carries nothing of the thread
 * that happened to start it: no thread-locals (WeftThreads), and Weft's own class loader as its
 * context class loader, so a request's class loader is not pinned by the timer.
 *
 * Field access:
 *   stripes           CAS by registrars, getAndSet by the timer.
 *   state             CAS by registrars and the timer (see above); plain volatile write of IDLE
 *                     by the timer (only it leaves RUNNING), getAndSet by it on an Error, and
 *                     of STOPPED by the registrar that won STOPPED->RUNNING if start() fails.
 *   thread            written by the registrar that won STOPPED->RUNNING, before start();
 *                     read by registrars that won IDLE->RUNNING (to unpark it).
 *   starts            written by the registrar that won STOPPED->RUNNING; read by tests
 *                     (as are state and thread).
 *   lingerNanos       read by the timer each time it is idle; written by tests (setLingerNanos).
 *   wheel, pending,
 *   lastTick          the running timer thread only (handed over as above).
 */
final class DeadlineTimer {

    static final DeadlineTimer INSTANCE = new DeadlineTimer(lingerNanos(System.getProperty("weft.timer.linger")));

    private static final long TICK_NANOS = 1_000_000L; // 1 ms
    private static final int WHEEL = 1024;
    private static final int STRIPES = 16;
    private static final long DEFAULT_LINGER_MILLIS = 1000L;

    static final int STOPPED = 0;
    static final int RUNNING = 1;
    static final int IDLE = 2;

    private final AtomicReferenceArray<DeadlineScope> stripes = new AtomicReferenceArray<>(STRIPES);
    private final DeadlineScope[] wheel = new DeadlineScope[WHEEL];
    private long pending; // the timer thread only
    private long lastTick; // the timer thread only
    private volatile int state; // STOPPED until the first register()
    private volatile Thread thread;
    private volatile long starts;
    private volatile long lingerNanos;

    private DeadlineTimer(long lingerNanos) {
        this.lingerNanos = lingerNanos;
    }

    /** {@code -Dweft.timer.linger} as nanoseconds: milliseconds, a whole number from 0; else the default. */
    static long lingerNanos(String v) {
        long millis = DEFAULT_LINGER_MILLIS;
        if (v != null) {
            try {
                long m = Long.parseLong(v.trim());
                if (m >= 0 && m <= Long.MAX_VALUE / 1_000_000L) {
                    millis = m;
                }
            } catch (NumberFormatException e) {
                // keep the default
            }
        }
        return millis * 1_000_000L;
    }

    /** Hands {@code s} to the timer; it fires when its deadline passes unless closed first. */
    void register(DeadlineScope s) {
        int i = (int) Thread.currentThread().threadId() & (STRIPES - 1);
        for (DeadlineScope h = stripes.get(i); ; h = stripes.get(i)) {
            s.timerNext = h;
            if (stripes.compareAndSet(i, h, s)) {
                break;
            }
        }
        if (state != RUNNING) {
            wake();
        }
    }

    /** After a push that saw the timer IDLE or STOPPED: wakes it, or starts a new one. */
    private void wake() {
        for (int st = state; st != RUNNING; st = state) {
            if (st == IDLE) {
                if (STATE.compareAndSet(this, IDLE, RUNNING)) {
                    LockSupport.unpark(thread);
                    return;
                }
            } else if (STATE.compareAndSet(this, STOPPED, RUNNING)) {
                start();
                return;
            }
        }
    }

    /** Called only by the registrar that won STOPPED->RUNNING. */
    private void start() {
        try {
            Thread t = WeftThreads.platform("weft-timer", this::run);
            t.setContextClassLoader(DeadlineTimer.class.getClassLoader());
            thread = t;
            starts++;
            t.start();
        } catch (Throwable e) {
            state = STOPPED; // no thread runs: let the next register() try again
            throw e;
        }
    }

    private void run() {
        try {
            loop();
        } catch (Throwable e) {
            STATE.getAndSet(this, STOPPED);
            throw e;
        }
    }

    /** Returns when this thread has stopped (IDLE->STOPPED). */
    private void loop() {
        if (pending == 0) {
            lastTick = Math.floorDiv(System.nanoTime(), TICK_NANOS);
        }
        for (; ; ) {
            long now = System.nanoTime();
            drain(now);
            advance(now);
            if (pending != 0) {
                long next = (lastTick + 1) * TICK_NANOS;
                LockSupport.parkNanos(this, Math.max(1L, next - System.nanoTime()));
                Thread.interrupted(); // nobody should interrupt the timer; never let it stop it
            } else if (idle()) {
                lastTick = Math.floorDiv(System.nanoTime(), TICK_NANOS);
            } else {
                return;
            }
        }
    }

    /**
     * Nothing is pending: publishes IDLE and lingers. Returns true when there is work again
     * (state RUNNING), false once this thread has won IDLE->STOPPED.
     */
    private boolean idle() {
        state = IDLE;
        if (anyIncoming()) {
            STATE.compareAndSet(this, IDLE, RUNNING); // if it fails, a registrar did it
            return true;
        }
        long linger = lingerNanos;
        long since = System.nanoTime();
        for (; ; ) {
            if (state != IDLE) {
                return true; // a registrar woke us
            }
            long left = linger - (System.nanoTime() - since);
            if (left <= 0) {
                if (STATE.compareAndSet(this, IDLE, STOPPED)) {
                    return false;
                }
            } else {
                LockSupport.parkNanos(this, left);
                Thread.interrupted();
            }
        }
    }

    private boolean anyIncoming() {
        for (int i = 0; i < STRIPES; i++) {
            if (stripes.get(i) != null) {
                return true;
            }
        }
        return false;
    }

    private void drain(long now) {
        for (int i = 0; i < STRIPES; i++) {
            if (stripes.get(i) == null) {
                continue;
            }
            DeadlineScope s = stripes.getAndSet(i, null);
            while (s != null) {
                DeadlineScope next = s.timerNext;
                if (!s.isDone()) {
                    if (s.deadlineNanos - now <= 0) {
                        s.timerNext = null;
                        fire(s);
                    } else {
                        // The bucket of the first tick at or after the deadline, so that when the
                        // tick is processed (now >= tick start) the deadline has passed.
                        int b = (int) (Math.floorDiv(s.deadlineNanos + TICK_NANOS - 1, TICK_NANOS) & (WHEEL - 1));
                        s.timerNext = wheel[b];
                        wheel[b] = s;
                        pending++;
                    }
                } else {
                    s.timerNext = null;
                }
                s = next;
            }
        }
    }

    private void advance(long now) {
        long tick = Math.floorDiv(now, TICK_NANOS);
        long from = Math.max(lastTick + 1, tick - WHEEL + 1);
        for (long t = from; t <= tick; t++) {
            expire((int) (t & (WHEEL - 1)), now);
        }
        lastTick = tick;
    }

    private void expire(int b, long now) {
        DeadlineScope prev = null;
        DeadlineScope s = wheel[b];
        while (s != null) {
            DeadlineScope next = s.timerNext;
            boolean remove = s.isDone() || s.deadlineNanos - now <= 0;
            if (remove) {
                if (prev == null) {
                    wheel[b] = next;
                } else {
                    prev.timerNext = next;
                }
                s.timerNext = null;
                pending--;
                fire(s); // no-op if DONE
            } else {
                prev = s;
            }
            s = next;
        }
    }

    /** Fires {@code s}; a scope whose cancellation throws (it should not) does not stop the others. */
    private static void fire(DeadlineScope s) {
        try {
            s.fire();
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            // skipped: the rest of the stripe or bucket is still processed
        }
    }

    /** STOPPED, RUNNING or IDLE (tests). */
    int state() {
        return state;
    }

    /** The timer thread started last, or null before the first deadline (tests). */
    Thread thread() {
        return thread;
    }

    /** How many timer threads have been started so far (tests). */
    long starts() {
        return starts;
    }

    /** Sets how long an idle timer thread waits before it ends; returns the previous value (tests). */
    long setLingerNanos(long nanos) {
        long before = lingerNanos;
        lingerNanos = nanos;
        return before;
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(DeadlineTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
