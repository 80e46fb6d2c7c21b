// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.BarrierSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A reusable rendezvous of a fixed number of tasks: Weft's {@code asyncio.Barrier} /
 * {@code threading.Barrier}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Barrier :
 * Barrier start = new Barrier(3);
 * TaskGroup.run(tg -> {
 *     for (int i = 0; i < 3; i++) {
 *         tg.fork(() -> {
 *             prepare();
 *             int index = start.await();   // all three continue together
 *             return run(index);
 *         });
 *     }
 *     return null;
 * });
 * }
 *
 * <p>{@link #await()} blocks until {@code parties} tasks are waiting, then releases them all
 * together and starts the next generation. Each returns its arrival index: within a generation
 * the indexes are distinct, 0 to {@code parties - 1}, in arrival order among the parties that
 * passed (asyncio counts the same way; {@code java.util.concurrent.CyclicBarrier} counts down).
 *
 * <p><b>Breaking</b> (where asyncio and threading differ, Weft takes each one's choice):
 * <ul>
 *   <li>A task cancelled or interrupted while the barrier fills leaves it without breaking it
 *       (asyncio): it throws {@link InterruptedException}, and the barrier still needs
 *       {@code parties} arrivals.</li>
 *   <li>{@link #abort()} and a timed-out {@link #await(Duration)} break it for everyone
 *       (threading): the timed-out task throws {@link TimeoutException}, every other waiting
 *       task and every later {@code await} throws {@link BrokenBarrierException}, until
 *       {@link #reset()}.</li>
 * </ul>
 *
 * <p><b>Cancellation.</b> {@code await} checks for cancellation first. If the barrier trips at
 * the moment a waiter is cancelled, the trip wins: that waiter returns its index normally with
 * the interrupt status set.
 *
 * <p><b>Memory consistency effects.</b> Actions in each party before {@code await}
 * happen-before every party's return from that generation's {@code await}.
 *
 * @since 0.1
 */
public final class Barrier {

    private final BarrierSync sync;

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @param parties how many tasks must wait to trip it; at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     * @since 0.1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("Barrier parties must be >= 1, got " + parties);
        }
        this.sync = new BarrierSync(parties);
        sync.parkOn(this, null);
    }

    /**
     * Waits until {@code parties} tasks wait, then returns with all of them
     * ({@code await barrier.wait()}).
     *
     * @return the arrival index, 0 to {@code parties - 1}, distinct within the generation
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; it left the barrier, which stays intact; the interrupted status is
     *     cleared
     * @throws BrokenBarrierException if the barrier is broken, or breaks while waiting
     *     (aborted, reset, or another party timed out)
     * @since 0.1
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return sync.await(false, 0L);
        } catch (TimeoutException e) {
            throw new AssertionError("untimed await timed out", e);
        }
    }

    /**
     * As {@link #await()}, waiting at most {@code timeout}; if the time runs out, the barrier
     * breaks for every party. Zero or negative means no wait: unless this task trips the barrier,
     * it breaks it at once.
     *
     * @param timeout how long to wait at most
     * @return the arrival index, 0 to {@code parties - 1}
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the barrier stays intact; the interrupted status is cleared
     * @throws BrokenBarrierException if the barrier is broken, or breaks while waiting
     * @throws TimeoutException if the time ran out; the barrier is now broken
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long nanos = WaitTime.nanos(timeout);
        return sync.await(true, nanos);
    }

    /**
     * Breaks the barrier: every waiting task, and every later {@code await} until
     * {@link #reset()}, throws {@link BrokenBarrierException}. Never blocks.
     *
     * @since 0.1
     */
    public void abort() {
        sync.abort();
    }

    /**
     * Returns the barrier to its initial, unbroken state. Tasks waiting now throw
     * {@link BrokenBarrierException}. Never blocks.
     *
     * @since 0.1
     */
    public void reset() {
        sync.reset();
    }

    /**
     * True if the barrier is broken.
     *
     * @return whether it is broken
     * @since 0.1
     */
    public boolean isBroken() {
        return sync.isBroken();
    }

    /**
     * The number of tasks waiting in the current generation. A snapshot.
     *
     * @return waiting tasks
     * @since 0.1
     */
    public int waiting() {
        return sync.waiting();
    }

    /**
     * The number of tasks needed to trip the barrier.
     *
     * @return the parties
     * @since 0.1
     */
    public int parties() {
        return sync.parties();
    }

    /**
     * A description with the number of waiting tasks, the parties and whether the barrier is
     * broken, e.g. {@code Barrier[2/3]} or {@code Barrier[0/3, broken]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return "Barrier[" + waiting() + "/" + parties() + (isBroken() ? ", broken" : "") + "]";
    }
}
