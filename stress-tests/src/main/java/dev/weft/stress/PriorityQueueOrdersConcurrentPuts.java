package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.PriorityQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: concurrent puts corrupt a PriorityQueue's heap, so that items come out out of
 * order, or a get racing the puts returns something that was not the smallest item at the
 * time. Two producers put {4, 1} and {3, 2}; a getter actor takes one item with the non-blocking
 * {@code getNowait()} (or nothing if it came first); the arbiter drains the rest.
 *
 * <p>Result: r1 = the getter's item (0 if the queue was empty); r2 = the drained items in order,
 * as a decimal number.
 */
@JCStressTest
@Outcome(id = "0, 1234", expect = ACCEPTABLE, desc = "The getter came first; the rest drained in order.")
@Outcome(id = {"1, 234", "2, 134", "3, 124", "4, 123"}, expect = ACCEPTABLE,
        desc = "The getter took the smallest item present at its moment; the rest drained in order.")
@Outcome(expect = FORBIDDEN, desc = "Items came out of order, or were lost or duplicated.")
@State
public class PriorityQueueOrdersConcurrentPuts {

    final PriorityQueue<Integer> q = new PriorityQueue<>();

    @Actor
    public void producerA() {
        q.putNowait(4);
        q.putNowait(1);
    }

    @Actor
    public void producerB() {
        q.putNowait(3);
        q.putNowait(2);
    }

    @Actor
    public void getter(II_Result r) {
        try {
            r.r1 = q.getNowait();
        } catch (dev.weft.QueueEmptyException e) {
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
