// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Hazard: a single producer's items come out of a FIFO queue in another order than it put
 * them, when its puts race a consumer (maxsize 2, so the producer's third put parks and is
 * handed in by a get, while gets may also park and be handed an item directly).
 *
 * <p>Result: r1 = the three items in the order received, as a decimal number.
 */
@JCStressTest
@Outcome(id = "123", expect = ACCEPTABLE, desc = "Items received in the order they were put.")
@Outcome(expect = FORBIDDEN, desc = "Items reordered, lost or duplicated.")
@State
public class QueueKeepsSingleProducerOrder {

    final Queue<Integer> q = new Queue<>(2);

    @Actor
    public void producer() {
        try {
            q.put(1);
            q.put(2);
            q.put(3);
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    @Actor
    public void consumer(I_Result r) {
        try {
            r.r1 = q.get() * 100 + q.get() * 10 + q.get();
        } catch (InterruptedException e) {
            Thread.interrupted();
            r.r1 = -1;
        }
    }
}
