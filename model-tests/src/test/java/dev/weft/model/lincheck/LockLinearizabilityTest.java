// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Lock;
import java.time.Duration;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * {@link Lock} is linearizable to an owner field: owned, non-reentrant (re-acquire by the owner
 * throws), release by anyone but the owner throws. Each operation takes the calling thread's
 * Lincheck id ({@link ThreadIdGen}) so that the specification knows who calls; the real lock
 * finds that out itself.
 */
@Param(name = "me", gen = ThreadIdGen.class)
public class LockLinearizabilityTest extends LinearizabilityCheck {

    private final Lock lock = new Lock();

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
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Operation
    public boolean isHeldByCurrentTask(@Param(name = "me") int me) {
        return lock.isHeldByCurrentTask();
    }

    /** Blocking: only in {@link #blockingScenarios()}. */
    public void acquire(int me) throws InterruptedException {
        lock.acquire();
    }

    /** The model: who holds it (-1: nobody). */
    public static class Spec {
        protected int owner = -1;

        public boolean tryAcquire(int me) {
            if (owner == me) {
                throw new IllegalStateException("not reentrant");
            }
            if (owner >= 0) {
                return false;
            }
            owner = me;
            return true;
        }

        public boolean tryAcquireZero(int me) {
            return tryAcquire(me);
        }

        public void release(int me) {
            if (owner != me) {
                throw new IllegalStateException("not the owner");
            }
            owner = -1;
        }

        public boolean isLocked() {
            return owner >= 0;
        }

        public boolean isHeldByCurrentTask(int me) {
            return owner == me;
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
        return 0; // owned: the operations must run in the threads whose ids they carry
    }

    @Override
    protected int actorsAfter() {
        return 0;
    }

    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("acquire", 0), op("isHeldByCurrentTask", 0), op("release", 0)),
                                List.of(op("acquire", 1), op("isLocked"), op("release", 1)))),
                // Three contenders: two park behind the holder, each release hands it on.
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("acquire", 0), op("release", 0)),
                                List.of(op("acquire", 1), op("release", 1)),
                                List.of(op("acquire", 2), op("isLocked"), op("release", 2)))));
    }
}
