// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: a joiner sees the task as done but not what it wrote (a stale result or a stale plain
 * field). Task's contract: actions in the task happen-before a successful return from
 * {@code join()}. The task writes two plain (non-volatile) fields and returns their sum; two
 * actors on other threads join it and read the fields without any other synchronisation.
 */
@JCStressTest
@Outcome(
        id = "42, 42",
        expect = ACCEPTABLE,
        desc = "Both joiners saw the result and the task's plain writes after join() returned.")
@Outcome(
        expect = FORBIDDEN,
        desc = "A joiner returned from join() without seeing the task's writes: broken happens-before.")
@State
public class TaskResultVisibleAfterJoin {

    int a; // plain: written by the task only
    int b; // plain: written by the task only
    final Task<Integer> task = SharedGroup.fork(() -> {
        a = 40;
        b = 2;
        return a + b;
    });

    @Actor
    public void joiner1(II_Result r) {
        r.r1 = seen();
    }

    @Actor
    public void joiner2(II_Result r) {
        r.r2 = seen();
    }

    private int seen() {
        try {
            int result = task.join();
            return result == a + b ? result : -result; // the result and the fields must agree
        } catch (InterruptedException e) {
            return -1;
        } finally {
            Thread.interrupted();
        }
    }
}
