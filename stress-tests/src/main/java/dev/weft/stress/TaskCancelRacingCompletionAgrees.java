// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Task;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Hazard: {@code cancel()} racing the task's own completion leaves the task's views
 * disagreeing: {@code cancel()} returned true but {@code join()} returns a value, or
 * {@code state()} says SUCCESS while {@code isCancelled()} is true, and so on. The task body
 * parks until the releaser actor lets it return (ignoring interrupts, so that a cancel can
 * arrive at any point: before it starts, while it runs, or after it returned). It parks rather
 * than spins: jcstress builds states ahead of the actors, and spinning tasks of states not yet
 * run would hold every carrier thread and starve the task of the state being run.
 *
 * <p>Result: r1 = cancel() returned true (1) or false (0); r2 = state() after the task ended
 * (1 SUCCESS, 2 CANCELLED, 3 anything else); r3 = isCancelled(); r4 = join() returned 42 (1),
 * threw CancellationException (2), or anything else (3).
 */
@JCStressTest
@Outcome(
        id = "1, 2, 1, 2",
        expect = ACCEPTABLE,
        desc = "cancel() won: state CANCELLED, isCancelled() true, join() throws CancellationException.")
@Outcome(
        id = "0, 1, 0, 1",
        expect = ACCEPTABLE,
        desc = "The task completed first: cancel() false, state SUCCESS, join() returns 42.")
@Outcome(expect = FORBIDDEN, desc = "cancel(), state(), isCancelled() and join() disagree about how the task ended.")
@State
public class TaskCancelRacingCompletionAgrees {

    volatile boolean release;
    volatile Thread taskThread;
    final Task<Integer> task = SharedGroup.fork(() -> {
        taskThread = Thread.currentThread(); // then read `release`: the releaser does the reverse
        while (!release) {
            LockSupport.park(this); // returns at once while interrupted: a bounded spin until released
        }
        return 42;
    });

    @Actor
    public void canceller(IIII_Result r) {
        r.r1 = task.cancel() ? 1 : 0;
    }

    @Actor
    public void releaser() {
        release();
    }

    private void release() {
        release = true;
        Thread t = taskThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        release(); // a task that started after a lost cancel must still end
        try {
            r.r4 = task.join() == 42 ? 1 : 3;
        } catch (CancellationException e) {
            r.r4 = 2;
        } catch (Exception e) {
            r.r4 = 3;
        }
        Future.State s = task.state();
        r.r2 = s == Future.State.SUCCESS ? 1 : s == Future.State.CANCELLED ? 2 : 3;
        r.r3 = task.isCancelled() ? 1 : 0;
        Thread.interrupted();
    }
}
