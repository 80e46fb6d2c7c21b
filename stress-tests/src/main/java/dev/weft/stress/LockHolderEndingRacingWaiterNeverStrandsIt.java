// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.DeadlockException;
import dev.weft.Lock;
import dev.weft.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard (trio#3035): a task that ends holding a lock strands the threads that wait for it. A
 * Weft task takes the lock and waits for the go; one actor gives it (the task then ends holding
 * the lock) while the other starts to wait for the lock, so the holder's end races the waiter's
 * look at the holder. Whatever the order, the waiter must be told the lock is broken: the
 * task's end must see the waiter, or the waiter the task's end.
 *
 * <p>Its twin is broken.BrokenLockHolderEndWithoutRecheck. Run against Weft's own code with the
 * waiter's look at the holder's end removed (ForkedTask.watchHeldLock answering "still running"
 * after its push), {@code stress-tests/run quick} saw the forbidden 3, 0 in 6 of about 520
 * samples.
 *
 * <p>Result: r1 = what the waiter's {@code tryAcquire(10 s)} did: 1 threw DeadlockException
 * (the lock is broken), 2 acquired the lock, 3 timed out (stranded); r2 = tryAcquire() at the
 * end: 1 acquired, 0 not.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The waiter was told the lock is broken; it stays unavailable.")
@Outcome(id = "3, 0", expect = FORBIDDEN, desc = "The waiter was stranded: it waited out its timeout.")
@Outcome(expect = FORBIDDEN, desc = "Anything else, e.g. the lock acquired although its holder never released it.")
@State
public class LockHolderEndingRacingWaiterNeverStrandsIt {

    final Lock lock = new Lock();
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch go = new CountDownLatch(1);
    final Task<Void> holder = SharedGroup.fork(() -> {
        lock.acquire();
        held.countDown();
        go.await();
        return null; // ends holding the lock
    });

    @Actor
    public void ender() {
        go.countDown();
    }

    @Actor
    public void waiter(II_Result r) {
        try {
            held.await();
            r.r1 = lock.tryAcquire(Duration.ofSeconds(10)) ? 2 : 3;
        } catch (DeadlockException e) {
            r.r1 = 1;
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            holder.join();
        } catch (Exception e) {
            r.r2 = -1;
            return;
        }
        try {
            r.r2 = lock.tryAcquire() ? 1 : 0;
        } catch (RuntimeException e) {
            r.r2 = -2;
        }
    }
}
