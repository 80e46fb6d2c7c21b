// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Twin of QueueTwoProducersTwoConsumersLoseAndDuplicateNothing over a queue whose get peeks and
 * then removes: must report FORBIDDEN (an item received twice). Four items are queued up
 * front; each consumer takes two (a get gives up after 20 ms, reported as no item).
 */
@JCStressTest
@Outcome(
        id = {"3, 12", "12, 3", "5, 10", "10, 5", "9, 6", "6, 9"},
        expect = ACCEPTABLE,
        desc = "Every item delivered exactly once.")
@Outcome(expect = FORBIDDEN, desc = "An item was lost or received twice.")
@State
public class BrokenQueueTwoConsumers {

    final Broken.Queue<Integer> q = new Broken.Queue<>(Integer.MAX_VALUE);

    public BrokenQueueTwoConsumers() {
        q.put(1);
        q.put(4);
        q.put(2);
        q.put(8);
    }

    @Actor
    public void consumer1(II_Result r) {
        r.r1 = take() | take();
    }

    @Actor
    public void consumer2(II_Result r) {
        r.r2 = take() | take();
    }

    private int take() {
        Integer v = q.get(20_000_000L);
        return v == null ? 0 : v;
    }
}
