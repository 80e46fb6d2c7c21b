package dev.weft;

import dev.weft.internal.MutexSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;

/**
 * A reentrant mutual-exclusion lock owned by the task that acquired it: Weft's
 * {@code threading.RLock} (asyncio has none).
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=RLock :
 * RLock lock = new RLock();
 * try (Guard outer = lock.hold()) {
 *     try (Guard inner = lock.hold()) {   // same task: hold count 2
 *         update();
 *     }
 * }                                       // released when the count returns to 0
 * }
 *
 * <p>The owning task may acquire it again; each acquire must be matched by a {@link #release()}
 * from the same task, and the lock is free when the hold count returns to zero. Releasing it
 * from a task that does not hold it throws {@link IllegalStateException} (as
 * {@code threading.RLock} raises {@code RuntimeError}).
 *
 * <p><b>Fairness.</b> Waiters acquire the lock in arrival (FIFO) order, with direct hand-off:
 * the final {@link #release()} makes the first waiter the holder, so no newcomer overtakes a
 * queued task, including the task that just released it.
 *
 * <p><b>Cancellation.</b> Blocking methods check for cancellation first and throw
 * {@link InterruptedException} if the task is cancelled or interrupted before or while waiting;
 * the interrupted status is then cleared and the lock was not acquired. If the lock is handed
 * over at the moment the task is cancelled, the hand-off wins: the call returns holding the
 * lock, with the interrupt status set.
 *
 * <p><b>Memory consistency effects.</b> Actions in a task before its final {@link #release()}
 * happen-before actions after a subsequent successful acquire in another task.
 *
 * @since 0.1
 */
public final class RLock {

    final MutexSync sync = new MutexSync(true);

    /**
     * Creates an unlocked reentrant lock.
     *
     * @since 0.1
     */
    public RLock() {}

    /**
     * Acquires the lock: at once (incrementing the hold count) if the current task holds it,
     * else waiting in FIFO order.
     *
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the hold count is unchanged and the interrupted status is cleared
     * @throws IllegalStateException if the hold count would overflow
     * @since 0.1
     */
    public void acquire() throws InterruptedException {
        sync.lock(false, 0L);
    }

    /**
     * Acquires the lock if the current task holds it or it is free and no task waits. Never
     * blocks and does not check for cancellation.
     *
     * @return true if acquired
     * @since 0.1
     */
    public boolean tryAcquire() {
        return sync.tryLock();
    }

    /**
     * Acquires the lock, waiting in FIFO order at most {@code timeout}; zero or negative means
     * one attempt without waiting (after the cancellation check).
     *
     * @param timeout how long to wait at most
     * @return true if acquired, false if the time ran out
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the interrupted status is cleared
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        return sync.lock(true, nanos);
    }

    /**
     * Releases one hold; the last one hands the lock to the first waiting task, if any.
     *
     * @throws IllegalStateException if the current task does not hold the lock
     * @since 0.1
     */
    public void release() {
        sync.unlock();
    }

    /**
     * Acquires the lock and returns a guard whose {@link Guard#close()} releases one hold.
     *
     * @return the guard; close it in the same task
     * @throws InterruptedException as {@link #acquire()}
     * @since 0.1
     */
    public Guard hold() throws InterruptedException {
        sync.lock(false, 0L);
        return new ReleasingGuard(sync::unlock);
    }

    /**
     * True if some task holds the lock. A snapshot.
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

    /**
     * How many times the current task holds this lock: 0 if it does not hold it.
     *
     * @return the current task's hold count
     * @since 0.1
     */
    public int holdCount() {
        return sync.holdCount();
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }

    /**
     * A description with the state, {@code RLock[locked]} or {@code RLock[unlocked]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return "RLock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
