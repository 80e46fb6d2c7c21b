// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.PermitSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore: Weft's {@code asyncio.Semaphore} / {@code threading.Semaphore}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Semaphore :
 * Semaphore limit = new Semaphore(10);          // at most 10 requests in flight
 * TaskGroup.run(tg -> {
 *     for (String url : urls) {
 *         tg.fork(() -> {
 *             try (Guard g = limit.hold()) {      // async with limit:
 *                 return fetch(url);
 *             }
 *         });
 *     }
 *     return null;
 * });
 * }
 *
 * <p>Permits are not owned: any task may release one, and a task that holds a permit and
 * acquires again takes (or waits for) another, as every acquire does. {@link #release()} may raise the count
 * above its start, as in asyncio; use {@link BoundedSemaphore} to make that an error.
 *
 * <p><b>Fairness.</b> Strictly FIFO with direct hand-off: {@link #release()} gives the permit to
 * the first waiting task instead of freeing it, so no newcomer overtakes a queued task, including
 * a task that releases and at once acquires again (it queues behind the waiters). asyncio's
 * wake-and-recheck can let a newcomer barge; Weft's cannot.
 *
 * <p><b>Cancellation.</b> Blocking methods check for cancellation first (a cancelled task gets
 * {@link InterruptedException} at once, even if it swallowed an earlier one) and throw it if the
 * task is cancelled or interrupted while waiting; the interrupted status is then cleared and no
 * permit was taken. If a permit is handed over at the moment the task is cancelled, the hand-off
 * wins: the call returns normally with the permit, and the interrupt status set. Permits are
 * never lost: a cancelled or timed-out waiter leaves the queue at once and holds nothing.
 *
 * <p><b>Memory consistency effects.</b> Actions in a task before {@link #release()}
 * happen-before actions after a successful acquire that obtains the released permit (directly
 * or later).
 *
 * <p>Uncontended, acquire and release are one compare-and-set each and allocate nothing.
 *
 * @since 0.1
 */
public sealed class Semaphore permits BoundedSemaphore {

    final PermitSync sync;

    /**
     * Creates a semaphore with {@code permits} permits.
     *
     * @param permits the initial number of permits; may be 0
     * @throws IllegalArgumentException if {@code permits} is negative
     * @since 0.1
     */
    public Semaphore(int permits) {
        this(permits, Integer.MAX_VALUE, "Semaphore", null);
    }

    /**
     * Creates a semaphore with {@code permits} permits, named {@code name}. The name shows in {@link
     * Weft#taskTree()} (what a blocked task waits on), in JFR events and in {@link #toString()}; it
     * has no other effect.
     *
     * @param permits the initial number of permits; may be 0
     * @param name the name, e.g. {@code "accounts"}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code permits} is negative
     * @since 0.1
     */
    public Semaphore(int permits, String name) {
        this(permits, Integer.MAX_VALUE, "Semaphore", Objects.requireNonNull(name, "name"));
    }

    Semaphore(int permits, int bound, String kind, @Nullable String name) {
        if (permits < 0) {
            throw new IllegalArgumentException(kind + " permits must be >= 0, got " + permits);
        }
        this.sync = new PermitSync(permits, bound);
        sync.parkOn(this, name);
    }

    /**
     * Takes a permit, waiting in FIFO order while none is free ({@code await sem.acquire()}).
     *
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; no permit was taken and the interrupted status is cleared
     * @since 0.1
     */
    public void acquire() throws InterruptedException {
        sync.acquire(false, 0L);
    }

    /**
     * Takes a permit only if one is free and no task waits. Never blocks and does not check for
     * cancellation.
     *
     * @return true if a permit was taken
     * @since 0.1
     */
    public boolean tryAcquire() {
        return sync.tryAcquire();
    }

    /**
     * Takes a permit, waiting in FIFO order at most {@code timeout}; zero or negative means one
     * attempt without waiting (after the cancellation check). A timed-out attempt never leaks a
     * permit.
     *
     * @param timeout how long to wait at most
     * @return true if a permit was taken, false if the time ran out
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the interrupted status is cleared
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        return sync.acquire(true, nanos);
    }

    /**
     * Returns a permit, handing it to the first waiting task if there is one.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if this would raise the
     *     number of free permits above the initial count
     * @since 0.1
     */
    public void release() {
        sync.release();
    }

    /**
     * Takes a permit and returns a guard whose {@link Guard#close()} releases it, for
     * try-with-resources ({@code async with sem:}).
     *
     * @return the guard
     * @throws InterruptedException as {@link #acquire()}
     * @since 0.1
     */
    public Guard hold() throws InterruptedException {
        sync.acquire(false, 0L);
        return new ReleasingGuard(sync::release);
    }

    /**
     * The number of free permits now; 0 while any task waits. A snapshot.
     *
     * @return free permits
     * @since 0.1
     */
    public int availablePermits() {
        return sync.available();
    }

    /**
     * True if an acquire would block now: no permit is free, or a (non-cancelled) task waits
     * ({@code sem.locked()}, with asyncio's definition). A snapshot.
     *
     * @return whether the semaphore is locked
     * @since 0.1
     */
    public boolean isLocked() {
        return sync.available() == 0 || sync.hasWaiters();
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }

    /**
     * A description with the free permits and whether tasks are waiting, e.g.
     * {@code Semaphore[permits=3]} or {@code BoundedSemaphore 'pool'[permits=0, 2 waiting]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        int waiting = sync.queueLength();
        return sync.describe("permits=" + availablePermits() + (waiting > 0 ? ", " + waiting + " waiting" : ""));
    }
}
