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
 * Twin of BoundedQueueNeverExceedsMaxsize over a queue whose bounded put checks the size and
 * then adds: must report FORBIDDEN (2 items in a queue of maxsize 1). There is no consumer: a
 * put that finds the queue full gives up after 20 ms (-1, acceptable).
 */
@JCStressTest
@Outcome(
        id = {"1, -1", "-1, 1", "1, 1"},
        expect = ACCEPTABLE,
        desc = "Never more than maxsize 1.")
@Outcome(expect = FORBIDDEN, desc = "A producer saw more than maxsize items queued.")
@State
public class BrokenBoundedQueueMaxsize {

    final Broken.Queue<Integer> q = new Broken.Queue<>(1);

    @Actor
    public void producer1(II_Result r) {
        r.r1 = q.put(1) ? q.size() : -1;
    }

    @Actor
    public void producer2(II_Result r) {
        r.r2 = q.put(2) ? q.size() : -1;
    }
}
