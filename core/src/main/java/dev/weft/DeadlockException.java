// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.io.Serial;
import java.util.List;

/**
 * Thrown by a {@link Lock} or {@link RLock} acquire that would wait forever: the lock is held by
 * a task that waits, directly or through others, for a lock the calling task holds. Instead of
 * hanging, the task that closes the cycle gets this exception; the lock was not acquired, and
 * the others go on waiting until the caller releases what it holds (its {@code try} blocks
 * unwind). The cycle is also logged once at WARN and recorded as a {@code dev.weft.Deadlock}
 * JFR event.
 *
 * <p><b>A broken lock.</b> It is also thrown when the lock's holder has ended without releasing
 * it, which no one else can do (Trio's {@code BrokenResourceError} for the same case): every
 * task that waits for it then, and every later acquire that would wait, throws this instead of
 * waiting for ever; {@code tryAcquire()} just returns false. {@link #tasks()} is then that holder
 * alone and {@link #locks()} that lock. The holder's end is seen at once for a Weft task; for any
 * other thread only by acquires that begin to wait after it terminated.
 *
 * <p>asyncio has no equivalent (a deadlock there just hangs); the JDK's
 * {@code ThreadMXBean.findDeadlockedThreads} does not see virtual threads. Only acquires that
 * really have to wait are checked, so uncontended locking costs nothing more. Timed acquires
 * ({@code tryAcquire(Duration)}) throw it too rather than wait out their timeout.
 *
 * <p>What is not checked for cycles: {@code Lock.asJavaLock().lock()} and a {@link Condition}
 * waiter re-acquiring its lock (both must not give up, as in {@code java.util.concurrent}), and
 * waits on other primitives (a task joining a task that waits for a lock the joiner holds). A
 * broken lock makes those two throw too: they could never succeed.
 *
 * @since 0.1
 */
public final class DeadlockException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The tasks of the cycle, in order; each waits for the lock that the next one holds. */
    private final List<String> tasks;

    /** The locks of the cycle: {@code locks.get(i)} is what {@code tasks.get(i)} waits for. */
    private final List<String> locks;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @param tasks the tasks of the cycle, in order, starting with the one that detected it
     * @param locks the locks of the cycle; the i-th is waited for by the i-th task and held by
     *     the next one (by the first, for the last lock)
     * @since 0.1
     */
    public DeadlockException(String message, List<String> tasks, List<String> locks) {
        super(message);
        this.tasks = List.copyOf(tasks);
        this.locks = List.copyOf(locks);
    }

    /**
     * The tasks (or threads) of the cycle, in order, starting with the one that got this
     * exception: each waits for the lock that the next one holds, and the last waits for a lock
     * the first holds. Described as {@code task 'group/name'} or {@code thread 'name'}. For a
     * broken lock, only the holder that ended while holding it.
     *
     * @return the tasks of the cycle
     * @since 0.1
     */
    public List<String> tasks() {
        return tasks;
    }

    /**
     * The locks of the cycle: the i-th is the one the i-th task waits for, held by the next
     * task. Named as {@code Lock 'accounts'}, or {@code Lock@1b6d3586} when unnamed. For a broken
     * lock, only that lock.
     *
     * @return the locks of the cycle
     * @since 0.1
     */
    public List<String> locks() {
        return locks;
    }
}
