// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: {@code join()} returns before every item put has been marked done, or returns
 * without seeing the work done before {@code taskDone()}. Two items are put when the state is
 * built; two workers (one actor, one Weft task) each get one, write a plain field, and call
 * {@code taskDone()}; the other actor joins the queue and then reads both fields.
 *
 * <p>Result: r1, r2 = the workers' plain writes for items 1 and 2, as seen after join().
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "join() returned after both taskDone() calls and saw both writes.")
@Outcome(
        expect = FORBIDDEN,
        desc = "join() returned before an item was done, or without the worker's write (no happens-before).")
@State
public class QueueJoinSeesWorkBeforeTaskDone {

    final Queue<Integer> q = new Queue<>();
    int done1; // plain: written by a worker before taskDone()
    int done2;
    final Task<Void> taskWorker;

    public QueueJoinSeesWorkBeforeTaskDone() {
        q.putNowait(1);
        q.putNowait(2);
        taskWorker = SharedGroup.fork(() -> {
            work();
            return null;
        });
    }

    @Actor
    public void worker() {
        work();
    }

    @Actor
    public void joiner(II_Result r) {
        try {
            q.join();
            r.r1 = done1;
            r.r2 = done2;
        } catch (InterruptedException e) {
            Thread.interrupted();
            r.r1 = -1;
        }
    }

    private void work() {
        try {
            if (q.get() == 1) {
                done1 = 1;
            } else {
                done2 = 1;
            }
            q.taskDone();
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }
}
