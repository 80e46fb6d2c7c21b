// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one timer behind every Weft deadline: a hashed timing wheel driven by a single daemon
 * platform thread, {@code weft-timer}.
 */
/*
 * Implementation notes.
 *
 * Most deadlines never fire: the body finishes first. So registering and cancelling must be
 * cheap, and firing may be late by a tick. Registration is one CAS that pushes the
 * DeadlineScope itself (no extra node) onto one of STRIPES lock-free stacks, chosen by thread
 * id so that threads rarely contend. Cancellation is the owner's CAS on the scope's
 * timerState (DeadlineScope); the timer drops DONE nodes lazily.
 *
 * The timer thread alone owns the wheel: WHEEL buckets of TICK_NANOS each, so one turn covers
 * about a second. Each tick it (1) drains the stripes, putting every live node in the bucket
 * of its deadline tick (or firing it at once if already due), and (2) walks the buckets of the
 * ticks that have passed, firing due nodes, dropping DONE ones and keeping the rest for a later
 * turn. A node whose deadline is hours away is revisited once per turn; a cancelled node is
 * gone within one turn, so memory is bounded by live deadlines plus one second of churn.
 * A million pending deadlines cost the timer a walk of ~1,000 nodes per tick.
 *
 * Idle: with nothing pending the thread parks without a timeout after setting `idle`; a
 * registrar that sees `idle` clears it with a CAS and unparks the thread. The timer re-checks
 * the stripes after setting `idle`, so a registration racing the park is never missed.
 *
 * Field access:
 *   stripes           CAS by registrars, getAndSet by the timer.
 *   idle              CAS by registrars and the timer.
 *   wheel, pending,
 *   lastTick          timer thread only.
 */
final class DeadlineTimer {

    static final DeadlineTimer INSTANCE = new DeadlineTimer();

    private static final long TICK_NANOS = 1_000_000L; // 1 ms
    private static final int WHEEL = 1024;
    private static final int STRIPES = 16;

    private final AtomicReferenceArray<DeadlineScope> stripes = new AtomicReferenceArray<>(STRIPES);
    private final DeadlineScope[] wheel = new DeadlineScope[WHEEL];
    private long pending; // timer thread only
    private long lastTick; // timer thread only
    private volatile int idle;
    private final Thread thread;

    private DeadlineTimer() {
        thread = WeftThreads.platform("weft-timer", this::loop);
        thread.start();
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
        if (idle != 0 && IDLE.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        lastTick = Math.floorDiv(System.nanoTime(), TICK_NANOS);
        for (; ; ) {
            try {
                long now = System.nanoTime();
                drain(now);
                advance(now);
                if (pending == 0) {
                    idle = 1;
                    if (anyIncoming()) {
                        idle = 0;
                        continue;
                    }
                    LockSupport.park(this);
                    idle = 0;
                    lastTick = Math.floorDiv(System.nanoTime(), TICK_NANOS);
                } else {
                    long next = (lastTick + 1) * TICK_NANOS;
                    LockSupport.parkNanos(this, Math.max(1L, next - System.nanoTime()));
                }
                Thread.interrupted(); // nobody should interrupt the timer; never let it stop it
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
                // A firing scope's cancellation threw (it should not): keep the timer alive.
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
                        s.fire();
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
                s.fire(); // no-op if DONE
            } else {
                prev = s;
            }
            s = next;
        }
    }

    // VarHandle mechanics
    private static final VarHandle IDLE;

    static {
        try {
            IDLE = MethodHandles.lookup().findVarHandle(DeadlineTimer.class, "idle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
