// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.races;

import static dev.weft.model.races.Race.require;
import static dev.weft.model.races.Race.start;

import dev.weft.Barrier;
import dev.weft.Condition;
import dev.weft.Event;
import dev.weft.Lock;
import dev.weft.Queue;
import dev.weft.RLock;
import dev.weft.Semaphore;
import dev.weft.model.races.Race.Racer;
import org.junit.jupiter.api.Test;

/**
 * Model-checked: an interrupt racing a hand-off (a permit, an item, the lock, a wake-up, a
 * signal, a barrier's trip) never loses, duplicates or absorbs it (README Guarantees:
 * the hand-off wins and the interrupt is re-asserted, or the waiter withdraws and the hand-off
 * goes elsewhere; asyncio bpo-27585 and kotlinx #1477 are this bug). In every schedule the
 * waiter is in any state when the interrupt comes: not yet arrived, spinning, parked, or just granted.
 */
class InterruptRacingHandOffTest {

    // ---- Semaphore (K4, A4, A5) ----

    @Test
    void semaphore_acquireInterruptedAsReleased_permitHeldOrFreeExactlyOnce() {
        Race.check(getClass(), "Semaphore acquire vs interrupt vs release", () -> {
            Semaphore s = new Semaphore(0);
            Racer<Void> a = start(() -> {
                s.acquire();
                return null;
            });
            Racer<Void> r = start(() -> {
                s.release();
                return null;
            });
            Racer<Void> interrupter = a.interruptConcurrently();
            a.join();
            r.join();
            interrupter.join();
            int held = a.returned() ? 1 : 0;
            require(
                    held + s.availablePermits() == 1,
                    "permit leaked or duplicated: held " + held + ", free " + s.availablePermits());
            require(!a.swallowedInterrupt, "a granted acquirer lost its interrupt");
            return a.label();
        });
    }

    @Test
    void semaphore_wokenWaiterCancelled_nextWaiterStillGetsThePermit() {
        Race.check(getClass(), "Semaphore woken-then-cancelled waiter passes on", () -> {
            Semaphore s = new Semaphore(0);
            Racer<Void> a = start(() -> {
                s.acquire();
                s.release(); // done with it: pass it on
                return null;
            });
            Racer<Void> b = start(() -> {
                s.acquire();
                return null;
            });
            s.release();
            Racer<Void> interrupter = a.interruptConcurrently();
            a.join();
            interrupter.join();
            b.join(); // hangs (a deadlock report) if the cancelled a absorbed the only permit
            require(b.returned() && s.availablePermits() == 0, "the permit was not passed on exactly once");
            return a.label();
        });
    }

    // ---- Queue (A1, A2, K1) ----

    @Test
    void queue_getInterruptedAsPut_itemTakenOrQueuedExactlyOnce() {
        Race.check(getClass(), "Queue get vs interrupt vs put", () -> {
            Queue<Integer> q = new Queue<>(1);
            Racer<Integer> g = start(q::get);
            Racer<Void> p = start(() -> {
                q.put(7);
                return null;
            });
            Racer<Void> interrupter = g.interruptConcurrently();
            g.join();
            p.join();
            interrupter.join();
            int taken = g.returned() ? 1 : 0;
            require(!g.returned() || g.value == 7, "get returned " + g.value);
            require(!g.swallowedInterrupt, "a get handed the item lost its interrupt");
            require(taken + q.size() == 1, "item lost or duplicated: taken " + taken + ", queued " + q.size());
            return g.label();
        });
    }

    @Test
    void queue_putInterruptedAsSlotFrees_itemInsertedIffPutReturned() {
        Race.check(getClass(), "Queue put vs interrupt vs get", () -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Racer<Void> p = start(() -> {
                q.put(2);
                return null;
            });
            Racer<Integer> g = start(q::get);
            Racer<Void> interrupter = p.interruptConcurrently();
            p.join();
            g.join();
            interrupter.join();
            require(g.returned() && g.value == 1, "the get took " + g.value);
            boolean queued = q.size() == 1 && q.getNowait() == 2;
            require(queued == p.returned(), "put returned " + p.outcome + " but item queued: " + queued);
            require(!p.swallowedInterrupt, "an admitted put lost its interrupt");
            require(q.isEmpty(), "extra items");
            return p.label();
        });
    }

    // ---- Lock, RLock (K5) ----

    @Test
    void lock_acquireInterruptedAsReleased_ownedIffReturnedAndNeverLeaked() {
        Race.check(getClass(), "Lock acquire vs interrupt vs release", () -> {
            Lock lock = new Lock();
            Racer<Void> holder = start(() -> {
                lock.acquire();
                lock.release();
                return null;
            });
            Racer<Boolean> w = start(() -> {
                lock.acquire();
                boolean owned = lock.isHeldByCurrentTask();
                lock.release();
                return owned;
            });
            Racer<Void> interrupter = w.interruptConcurrently();
            holder.join();
            w.join();
            interrupter.join();
            require(holder.returned(), "the holder did not get the lock");
            require(!lock.isLocked(), "the lock leaked: nobody holds it and it is not free");
            require(!w.returned() || w.value, "the acquirer does not own the lock it was handed");
            require(!w.swallowedInterrupt, "an acquirer handed the lock lost its interrupt");
            return w.label();
        });
    }

    @Test
    void rlock_acquireInterruptedAsLastHoldReleased_heldOnceIfReturnedAndNeverLeaked() {
        Race.check(getClass(), "RLock acquire vs interrupt vs last release", () -> {
            RLock lock = new RLock();
            Racer<Void> holder = start(() -> {
                lock.acquire();
                lock.acquire();
                lock.release();
                lock.release();
                return null;
            });
            Racer<Integer> w = start(() -> {
                lock.acquire();
                int holds = lock.holdCount();
                lock.release();
                return holds;
            });
            Racer<Void> interrupter = w.interruptConcurrently();
            holder.join();
            w.join();
            interrupter.join();
            require(holder.returned(), "the holder did not get the lock");
            require(!lock.isLocked(), "the lock leaked: nobody holds it and it is not free");
            require(!w.returned() || w.value == 1, "hold count " + w.value + " after one acquire");
            require(!w.swallowedInterrupt, "an acquirer handed the lock lost its interrupt");
            return w.label();
        });
    }

    // ---- Event ----

    @Test
    void event_awaitInterruptedAsSet_otherWaiterStillWakes() {
        Race.check(getClass(), "Event await vs interrupt vs set", () -> {
            Event e = new Event();
            Racer<Void> a = start(() -> {
                e.await();
                return null;
            });
            Racer<Void> b = start(() -> {
                e.await();
                return null;
            });
            Racer<Void> setter = start(() -> {
                e.set();
                return null;
            });
            Racer<Void> interrupter = a.interruptConcurrently();
            a.join();
            setter.join();
            interrupter.join();
            b.join(); // a set reaches every waiter, whatever happened to the others
            require(b.returned() && e.isSet(), "the uninterrupted waiter did not return normally");
            require(!a.swallowedInterrupt, "a woken waiter lost its interrupt");
            return a.label();
        });
    }

    // ---- Condition (A6) ----

    @Test
    void condition_signalledWaiterCancelled_signalReachesTheOtherWaiter() {
        Race.check(getClass(), "Condition signal vs interrupt of the signalled waiter", () -> {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            int[] waiting = {0}; // guarded by lock
            Racer<Void> a = start(() -> awaitOnce(lock, c, waiting));
            Racer<Void> b = start(() -> awaitOnce(lock, c, waiting));
            Racer<Void> canceller = a.interruptConcurrently();
            // Signal once, after both are counted (so each is in the condition or has left it).
            for (boolean signalled = false; !signalled; ) {
                acquireSpinning(lock);
                if (waiting[0] == 2) {
                    c.signal();
                    signalled = true;
                }
                lock.release();
            }
            canceller.join();
            a.join();
            if (a.returned()) {
                // a took the signal (perhaps interrupted as it came: it keeps it); b still waits.
                acquireSpinning(lock);
                c.signal();
                lock.release();
            }
            b.join(); // hangs (a deadlock report) if a cancelled a absorbed the signal
            require(b.returned(), "b did not return normally: " + b.outcome);
            require(!lock.isLocked(), "a waiter returned without giving the lock back");
            return a.label();
        });
    }

    /** Takes the lock, counts itself as waiting, awaits one signal; releases the lock either way. */
    private static Void awaitOnce(Lock lock, Condition c, int[] waiting) throws InterruptedException {
        acquireSpinning(lock); // not interruptible: every waiter gets counted
        try {
            waiting[0]++;
            c.await();
            return null;
        } finally {
            lock.release();
        }
    }

    private static void acquireSpinning(Lock lock) {
        while (!lock.tryAcquire()) {
            Thread.onSpinWait();
        }
    }

    // ---- Barrier ----

    @Test
    void barrier_partyCancelledAsBarrierFills_barrierStaysIntactAndIndexesDistinct() {
        Race.check(getClass(), "Barrier await vs interrupt vs last arrival", () -> {
            Barrier barrier = new Barrier(2);
            Racer<Integer> a = start(barrier::await);
            Racer<Integer> b = start(barrier::await);
            Racer<Void> interrupter = a.interruptConcurrently();
            a.join();
            interrupter.join();
            Integer mine = null;
            if (a.interrupted()) {
                // a left while the barrier filled: it is intact and b waits for a second party.
                require(!barrier.isBroken(), "a cancelled party broke the barrier");
                try {
                    mine = barrier.await();
                } catch (Exception e) {
                    throw new AssertionError("the barrier did not trip for b and this thread", e);
                }
            }
            b.join();
            require(b.returned(), "b did not pass: " + b.outcome);
            int other = a.returned() ? a.value : mine;
            require(other + b.value == 1, "indexes not 0 and 1: " + other + ", " + b.value);
            require(!barrier.isBroken() && barrier.waiting() == 0, "barrier left broken or with waiters");
            return a.label();
        });
    }
}
