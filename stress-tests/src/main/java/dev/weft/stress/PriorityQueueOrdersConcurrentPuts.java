// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.PriorityQueue;
import dev.weft.QueueEmptyException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: concurrent puts corrupt a PriorityQueue's heap, so that a get returns an item that was
 * not the smallest present, or items drain out of order, or are lost or duplicated. Producer A
 * puts 4 then 1; producer B puts 3 then 2 and then takes one item with {@code getNowait()}: 2 is
 * present by then, so it must get 1 (if A's 1 is in) or 2, never 3 or 4. The arbiter drains
 * the rest, which must come out sorted.
 *
 * <p>Result: r1 = B's item; r2 = the drained items in order, as a decimal number.
 */
@JCStressTest
@Outcome(id = "1, 234", expect = ACCEPTABLE, desc = "A's 1 was in when B got: B took 1; the rest drained sorted.")
@Outcome(id = "2, 134", expect = ACCEPTABLE, desc = "A's 1 was not in yet: B took 2; the rest drained sorted.")
@Outcome(
        expect = FORBIDDEN,
        desc = "A get returned a larger item than one present, or items were reordered, lost or duplicated.")
@State
public class PriorityQueueOrdersConcurrentPuts {

    final PriorityQueue<Integer> q = new PriorityQueue<>();

    @Actor
    public void producerA() {
        q.putNowait(4);
        q.putNowait(1);
    }

    @Actor
    public void producerB(II_Result r) {
        q.putNowait(3);
        q.putNowait(2);
        try {
            r.r1 = q.getNowait();
        } catch (QueueEmptyException e) {
            r.r1 = 0;
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int code = 0;
        while (!q.isEmpty()) {
            code = code * 10 + q.getNowait();
        }
        r.r2 = code;
    }
}
