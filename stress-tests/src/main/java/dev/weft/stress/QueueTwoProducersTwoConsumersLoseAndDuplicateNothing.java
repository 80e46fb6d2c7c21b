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
 * Hazard: with two producers and two consumers racing on a bounded queue (maxsize 1, so puts
 * park and are handed in by gets), an item is lost or delivered twice. The producers are Weft
 * tasks forked when the state is built (jcstress runs at most as many actors as there are
 * CPUs, two here): producer A puts items 1 and 2, producer B items 4 and 8. The two consumer
 * actors each take two items with the blocking {@code get()} (all four are always put, so no
 * get waits for ever) and report them as a bit set: the two sets must be disjoint and cover
 * all four items.
 *
 * <p>Result: r1, r2 = bit set of the items consumer 1, consumer 2 received.
 */
@JCStressTest
@Outcome(
        id = {"3, 12", "12, 3", "5, 10", "10, 5", "9, 6", "6, 9"},
        expect = ACCEPTABLE,
        desc = "Every item delivered exactly once, split two and two between the consumers.")
@Outcome(expect = FORBIDDEN, desc = "An item was lost or received twice (the two sets overlap or miss an item).")
@State
public class QueueTwoProducersTwoConsumersLoseAndDuplicateNothing {

    final Queue<Integer> q = new Queue<>(1);
    final Task<Void> producerA = SharedGroup.fork(() -> {
        q.put(1);
        q.put(2);
        return null;
    });
    final Task<Void> producerB = SharedGroup.fork(() -> {
        q.put(4);
        q.put(8);
        return null;
    });

    @Actor
    public void consumer1(II_Result r) {
        r.r1 = take() | take();
    }

    @Actor
    public void consumer2(II_Result r) {
        r.r2 = take() | take();
    }

    private int take() {
        try {
            return q.get();
        } catch (InterruptedException e) {
            Thread.interrupted();
            return 1 << 10; // shows up as a forbidden outcome
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            producerA.join();
            producerB.join();
        } catch (Exception e) {
            r.r1 |= 1 << 11; // a producer failed: forbidden
        }
        Thread.interrupted();
    }
}
