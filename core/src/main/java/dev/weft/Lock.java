package dev.weft;

import dev.weft.internal.MutexSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;

/**
 * A mutual-exclusion lock owned by the task that acquired it: Weft's {@code asyncio.Lock} /
 * {@code threading.Lock}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Lock :
 * Lock lock = new Lock();
 * try (Guard g = lock.hold()) {   // async with lock:
 *     balance += amount;
 * }
 * }
 *
 * <p><b>Differences from asyncio.</b> asyncio's lock is unowned. A Weft lock is owned by the task
 * (thread) that acquired it and is not reentrant: acquiring it again in the task that holds it,
 * which would deadlock, throws {@link IllegalStateException} instead, and so does releasing it
 * from a task that does not hold it. Use {@link RLock} for reentrant locking.
 *
 * <p><b>Fairness.</b> Waiters acquire the lock in arrival (FIFO) order, with direct hand-off:
 * {@link #release()} makes the first waiter the holder, so no newcomer overtakes a queued task,
 * including the task that just released it and acquires it again.
 *
 * <p><b>Cancellation.</b> Blocking methods check for cancellation first (a cancelled task gets
 * {@link InterruptedException} at once, even if it swallowed an earlier one) and throw it if the
 * task is cancelled or interrupted while waiting; the interrupted status is then cleared and the
 * lock was not acquired. If the lock is handed over at the moment the task is cancelled, the
 * hand-off wins: the call returns normally holding the lock, with the interrupt status set.
 * A cancelled waiter leaves no trace in the queue.
 *
 * <p><b>Memory consistency effects.</b> Actions in a task before {@link #release()}
 * happen-before actions after a subsequent successful acquire in another task.
 *
 * <p>Uncontended, acquire and release are one compare-and-set each and allocate nothing.
 *
 * @since 0.1
 */
public final class Lock {

    final MutexSync sync = new MutexSync(false);

    /**
     * Creates an unlocked lock.
     *
     * @since 0.1
     */
    public Lock() {}

    /**
     * Acquires the lock, waiting in FIFO order while another task holds it
     * ({@code await lock.acquire()}).
     *
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the lock was not acquired and the interrupted status is cleared
     * @throws IllegalStateException if the current task already holds this lock
     * @since 0.1
     */
    public void acquire() throws InterruptedException {
        sync.lock(false, 0L);
    }

    /**
     * Acquires the lock only if it is free and no task waits for it. Never blocks and does not
     * check for cancellation.
     *
     * @return true if the lock was acquired
     * @throws IllegalStateException if the current task already holds this lock
     * @since 0.1
     */
    public boolean tryAcquire() {
        return sync.tryLock();
    }

    /**
     * Acquires the lock, waiting in FIFO order at most {@code timeout}
     * ({@code asyncio.wait_for(lock.acquire(), t)}, without its races: a timed-out attempt never
     * leaves the lock held). A zero or negative timeout means one attempt without waiting (after
     * the cancellation check).
     *
     * @param timeout how long to wait at most
     * @return true if the lock was acquired, false if the time ran out
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the interrupted status is cleared
     * @throws IllegalStateException if the current task already holds this lock
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        return sync.lock(true, nanos);
    }

    /**
     * Releases the lock, handing it to the first waiting task if there is one.
     *
     * @throws IllegalStateException if the lock is not held, or held by another task
     * @since 0.1
     */
    public void release() {
        sync.unlock();
    }

    /**
     * Acquires the lock and returns a guard whose {@link Guard#close()} releases it, for
     * try-with-resources ({@code async with lock:}).
     *
     * @return the guard; close it in the same task
     * @throws InterruptedException as {@link #acquire()}
     * @throws IllegalStateException if the current task already holds this lock
     * @since 0.1
     */
    public Guard hold() throws InterruptedException {
        sync.lock(false, 0L);
        return new ReleasingGuard(sync::unlock);
    }

    /**
     * True if some task holds the lock ({@code lock.locked()}). A snapshot.
     *
     * @return whether the lock is held
     * @since 0.1
     */
    public boolean isLocked() {
        return sync.isLocked();
    }

    /**
     * True if the current task holds this lock.
     *
     * @return whether the caller holds the lock
     * @since 0.1
     */
    public boolean isHeldByCurrentTask() {
        return sync.isHeldByCurrentThread();
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }

    /**
     * A description with the state, {@code Lock[locked]} or {@code Lock[unlocked]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return "Lock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
