// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.RLock;
import java.time.Duration;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * {@link RLock} is linearizable to an owner and a per-thread hold count: the owner re-enters,
 * each release drops one hold, the last one frees it, and release by a non-owner throws.
 */
@Param(name = "me", gen = ThreadIdGen.class)
public class RLockLinearizabilityTest extends LinearizabilityCheck {

    private final RLock lock = new RLock();

    @Operation
    public boolean tryAcquire(@Param(name = "me") int me) {
        return lock.tryAcquire();
    }

    @Operation
    public boolean tryAcquireZero(@Param(name = "me") int me) throws InterruptedException {
        return lock.tryAcquire(Duration.ZERO);
    }

    @Operation
    public void release(@Param(name = "me") int me) {
        lock.release();
    }

    @Operation
    public int holdCount(@Param(name = "me") int me) {
        return lock.holdCount();
    }

    @Operation
    public boolean isLocked() {
        return lock.isLocked();
    }

    /** Blocking: only in {@link #blockingScenarios()}. */
    public void acquire(int me) throws InterruptedException {
        lock.acquire();
    }

    /** The model: the owner (-1: nobody) and its hold count. */
    public static class Spec {
        int owner = -1;
        int holds;

        public boolean tryAcquire(int me) {
            if (owner == me) {
                holds++;
                return true;
            }
            if (owner >= 0) {
                return false;
            }
            owner = me;
            holds = 1;
            return true;
        }

        public boolean tryAcquireZero(int me) {
            return tryAcquire(me);
        }

        public void release(int me) {
            if (owner != me) {
                throw new IllegalStateException("not the owner");
            }
            if (--holds == 0) {
                owner = -1;
            }
        }

        public int holdCount(int me) {
            return owner == me ? holds : 0;
        }

        public boolean isLocked() {
            return owner >= 0;
        }

        public void acquire(int me) {
            if (!tryAcquire(me)) {
                throw new WouldBlock();
            }
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected int actorsBefore() {
        return 0;
    }

    @Override
    protected int actorsAfter() {
        return 0;
    }

    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                // The owner enters twice and leaves twice; the other waits for the last exit.
                scenario(
                        List.of(),
                        List.of(
                                List.of(
                                        op("acquire", 0),
                                        op("acquire", 0),
                                        op("release", 0),
                                        op("holdCount", 0),
                                        op("release", 0)),
                                List.of(op("acquire", 1), op("holdCount", 1), op("release", 1)))),
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("acquire", 0), op("tryAcquire", 0), op("release", 0), op("release", 0)),
                                List.of(op("acquire", 1), op("release", 1)),
                                List.of(op("acquire", 2), op("holdCount", 2), op("release", 2)))));
    }
}
