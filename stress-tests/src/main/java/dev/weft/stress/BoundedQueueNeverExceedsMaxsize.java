// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: two producers racing into a queue of maxsize 1 both get in, so the queue holds more
 * than maxsize. Each producer actor puts one item and then reads {@code size()}; a consumer
 * task (forked when the state is built) takes both items, so every put is eventually released.
 *
 * <p>Result: r1, r2 = size() each producer saw right after its put returned.
 */
@JCStressTest
@Outcome(
        id = {"0, 0", "0, 1", "1, 0", "1, 1"},
        expect = ACCEPTABLE,
        desc = "The queue never held more than its maxsize of 1.")
@Outcome(expect = FORBIDDEN, desc = "A producer saw more than maxsize items queued.")
@State
public class BoundedQueueNeverExceedsMaxsize {

    final Queue<Integer> q = new Queue<>(1);
    final Task<Void> consumer = SharedGroup.fork(() -> {
        q.get();
        q.get();
        return null;
    });

    @Actor
    public void producer1(II_Result r) {
        r.r1 = putThenSize(1);
    }

    @Actor
    public void producer2(II_Result r) {
        r.r2 = putThenSize(2);
    }

    private int putThenSize(int item) {
        try {
            q.put(item);
            return q.size();
        } catch (InterruptedException e) {
            Thread.interrupted();
            return -1;
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            consumer.join();
        } catch (Exception e) {
            r.r1 = -2;
        }
        Thread.interrupted();
    }
}
