// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.QueueEmptyException;
import dev.weft.QueueShutdownException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Hazard: {@code put()} racing a graceful {@code shutdown()} returns normally but its item can
 * no longer be got (silently lost), or throws {@link QueueShutdownException} although its item
 * went in (both). After a graceful shutdown, gets still drain what was queued.
 *
 * <p>Result: r1 = put returned (1), threw QueueShutdownException (2), other (3); r2 = items
 * the arbiter could still get after the shutdown.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "put() got in first; its item is still retrievable.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "shutdown() came first; put() threw and inserted nothing.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "put() succeeded but its item is gone: lost silently.")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "put() threw but its item was inserted: both.")
@Outcome(expect = FORBIDDEN, desc = "Anything else.")
@State
public class QueuePutRacingShutdownNeverLosesSilently {

    final Queue<Integer> q = new Queue<>();

    @Actor
    public void producer(II_Result r) {
        try {
            q.put(1);
            r.r1 = 1;
        } catch (QueueShutdownException e) {
            r.r1 = 2;
        } catch (Exception e) {
            r.r1 = 3;
        } finally {
            Thread.interrupted();
        }
    }

    @Actor
    public void closer() {
        q.shutdown();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int n = 0;
        while (true) {
            try {
                q.getNowait();
                n++;
            } catch (QueueShutdownException | QueueEmptyException e) {
                break;
            }
        }
        r.r2 = n;
    }
}
