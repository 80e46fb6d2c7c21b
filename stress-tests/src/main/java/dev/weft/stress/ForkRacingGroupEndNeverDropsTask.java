// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.TaskGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Hazard: a fork racing the group's end is accepted but its task never runs (dropped silently),
 * or runs after the group has already ended. The opener opens a group and joins it at once;
 * another thread forks into it meanwhile. The fork must either be accepted, and then the task
 * ran before {@code join()} returned, or throw {@link IllegalStateException}.
 *
 * <p>Result: r1 = fork accepted (1) or threw IllegalStateException (2) or something else (3);
 * r2 = the task ran before join() returned (1) or not (0); r3 = the task ran by the end (1).
 */
@JCStressTest
@Outcome(
        id = "1, 1, 1",
        expect = ACCEPTABLE,
        desc = "The fork got in before the group ended; join() waited for the task.")
@Outcome(
        id = "2, 0, 0",
        expect = ACCEPTABLE,
        desc = "The group had ended; fork() threw IllegalStateException and nothing ran.")
@Outcome(
        id = "1, 0, 1",
        expect = FORBIDDEN,
        desc = "The task was accepted but ran after join() returned: the group did not wait for it.")
@Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "The fork was accepted but the task never ran: dropped silently.")
@Outcome(expect = FORBIDDEN, desc = "Any other combination, e.g. a task that ran although fork() threw.")
@State
public class ForkRacingGroupEndNeverDropsTask {

    volatile TaskGroup group;
    volatile boolean ran;
    volatile boolean ranBeforeJoinReturned;

    @Actor
    public void opener(III_Result r) {
        TaskGroup g = TaskGroup.open();
        group = g;
        try {
            g.join();
        } catch (InterruptedException e) {
            r.r2 = -1;
        } finally {
            g.close();
            Thread.interrupted();
        }
        ranBeforeJoinReturned = ran;
    }

    @Actor
    public void forker(III_Result r) {
        TaskGroup g;
        while ((g = group) == null) {
            Thread.onSpinWait();
        }
        try {
            g.fork(() -> {
                ran = true;
                return null;
            });
            r.r1 = 1;
        } catch (IllegalStateException e) {
            r.r1 = 2;
        } catch (RuntimeException e) {
            r.r1 = 3;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (r.r2 == 0) {
            r.r2 = ranBeforeJoinReturned ? 1 : 0;
        }
        r.r3 = ran ? 1 : 0;
    }
}
