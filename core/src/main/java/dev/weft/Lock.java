// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.JavaLockView;
import dev.weft.internal.MutexSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.Objects;

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
 * <p><b>A holder that ends holding it.</b> If the task (or thread) that holds the lock ends
 * without releasing it, the lock is broken: no one can ever release it, so the tasks waiting for
 * it, and every later acquire that would wait, throw {@link DeadlockException} saying so instead
 * of waiting for ever (Trio's {@code BrokenResourceError}); {@link #tryAcquire()} returns false.
 * A Weft task's end is seen at once; a thread that is not a Weft task is only seen to have
 * ended by acquires that begin to wait after it terminated, and a {@code Weft.toThread} body's
 * end not at all (its pooled thread lives on, holding the lock). Nothing of this costs
 * anything until an acquire has to wait.
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
    public Lock() {
        sync.parkOn(this, null);
    }

    /**
     * Creates an unlocked lock named {@code name}. The name shows in {@link Weft#taskTree()} (what a
     * blocked task waits on), in {@link DeadlockException} and lock-order reports, in JFR events and
     * in {@link #toString()}; it has no other effect.
     *
     * @param name the name, e.g. {@code "accounts"}
     * @throws NullPointerException if {@code name} is null
     * @since 0.1
     */
    public Lock(String name) {
        sync.parkOn(this, Objects.requireNonNull(name, "name"));
    }

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

    /**
     * Returns a {@link java.util.concurrent.locks.Lock} view of this lock, for code written
     * against {@code java.util.concurrent} (what a {@code ReentrantLock(true)} would be given).
     * The view is this lock: acquiring through it holds this lock, and it mixes freely with
     * {@link #acquire()}, {@link #release()} and {@link #hold()}; every call returns an
     * equivalent view.
     *
     * <p><b>Methods.</b> {@code lock()} waits for the lock in FIFO order and, as the interface
     * requires, cannot be interrupted or cancelled: an interrupt or a cancellation of the task
     * while it waits does not stop it, and the interrupt status is set again once it holds the
     * lock (so the next blocking Weft call sees the cancellation). It never spins, even in a
     * cancelled task. {@code lockInterruptibly()} and {@code tryLock(time, unit)} are this lock's
     * {@link #acquire()} and {@link #tryAcquire(java.time.Duration)}: they check for
     * cancellation first (in a cancelled task they throw {@link InterruptedException} at once,
     * even if an earlier one was swallowed) and throw it when interrupted or cancelled while
     * waiting, with the interrupted status cleared and the lock not acquired; negative times
     * mean zero, huge ones saturate. {@code tryLock()} is {@link #tryAcquire()}: it acquires
     * only a free lock nobody waits for; unlike {@code ReentrantLock.tryLock()} it never barges
     * past a waiting task (Weft's FIFO rule). {@code unlock()} releases, handing the lock to the
     * first waiting task.
     * <p><b>Not reentrant.</b> As this lock itself: {@code lock()}, {@code lockInterruptibly()},
     * {@code tryLock()} and {@code tryLock(time, unit)} by the task that holds it throw
     * {@link IllegalStateException} instead of deadlocking. Use {@link RLock#asJavaLock()} where
     * the code relies on {@code ReentrantLock}'s reentrancy.
     *
     * <p><b>Misuse.</b>
     * {@code unlock()} by a task that does not hold the lock throws
     * {@link IllegalMonitorStateException}, as {@code java.util.concurrent} requires (this lock's
     * own {@link #release()} throws {@link IllegalStateException}).
     *
     * <p><b>Conditions.</b> {@code newCondition()} returns a condition bound to this lock, with the
     * semantics of {@link Condition} under {@code java.util.concurrent.locks.Condition}'s names:
     * waiting releases the lock completely and re-acquires it before returning or throwing;
     * signals wake waiters in FIFO order and are never absorbed by a waiter cancelled at that
     * moment; {@code await}, {@code awaitNanos}, {@code await(time, unit)} and {@code awaitUntil}
     * check for cancellation first and throw {@link InterruptedException} (interrupted status
     * cleared, lock held again) when interrupted or cancelled; {@code awaitUninterruptibly()}
     * waits for a signal whatever happens and re-asserts an interrupt. Every condition method
     * called by a task that does not hold the lock throws {@link IllegalMonitorStateException}.
     * There are no spurious wake-ups, but as with any condition, wait in a loop.
     *
     * <p><b>Memory consistency effects</b> are this lock's: actions before an {@code unlock()} (or
     * {@link #release()}) happen-before actions after a later successful acquire through either.
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=LockAsJavaLock :
     * Lock lock = new Lock();
     * java.util.concurrent.locks.Lock juc = lock.asJavaLock();
     * legacyCache.setLock(juc); // code that calls juc.lock() / juc.unlock()
     * try (Guard g = lock.hold()) { // Weft code guarding the same state
     *     update();
     * }
     * }
     *
     * @return the view
     * @since 0.1
     */
    public java.util.concurrent.locks.Lock asJavaLock() {
        return new JavaLockView(sync, "Lock");
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }

    /**
     * A description with the name and the state: {@code Lock[unlocked]},
     * {@code Lock 'accounts'[locked by task 'transfers/t1', 2 waiting]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return sync.describe(sync.state());
    }
}
