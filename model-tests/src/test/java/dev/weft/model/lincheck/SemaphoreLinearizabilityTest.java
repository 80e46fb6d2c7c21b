// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Semaphore;
import java.time.Duration;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;

/** {@link Semaphore}(1) is linearizable to a counter of free permits (release unbounded). */
public class SemaphoreLinearizabilityTest extends LinearizabilityCheck {

    private final Semaphore s = new Semaphore(1);

    @Operation
    public boolean tryAcquire() {
        return s.tryAcquire();
    }

    @Operation
    public boolean tryAcquireZero() throws InterruptedException {
        return s.tryAcquire(Duration.ZERO);
    }

    @Operation
    public void release() {
        s.release();
    }

    @Operation
    public int availablePermits() {
        return s.availablePermits();
    }

    @Operation
    public boolean isLocked() {
        return s.isLocked();
    }

    /** Blocking: only in {@link #blockingScenarios()}. */
    public void acquire() throws InterruptedException {
        s.acquire();
    }

    /** The model: a count of free permits. */
    public static class Spec {
        protected int permits;

        public Spec() {
            this(1);
        }

        Spec(int permits) {
            this.permits = permits;
        }

        public boolean tryAcquire() {
            if (permits == 0) {
                return false;
            }
            permits--;
            return true;
        }

        public boolean tryAcquireZero() {
            return tryAcquire();
        }

        public void release() {
            permits++;
        }

        public int availablePermits() {
            return permits;
        }

        public boolean isLocked() {
            return permits == 0;
        }

        public void acquire() {
            if (!tryAcquire()) {
                throw new WouldBlock();
            }
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                // Two acquirers of one permit, each releasing: the second waits for the first.
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("acquire"), op("release")),
                                List.of(op("acquire"), op("availablePermits"), op("release")))),
                // An acquirer parked on an empty semaphore, a release and a barging tryAcquire:
                // the released permit goes to whoever is first (FIFO, direct hand-off).
                scenario(
                        List.of(op("tryAcquire")),
                        List.of(List.of(op("acquire")), List.of(op("release"), op("tryAcquire"), op("release")))),
                scenario(
                        List.of(op("tryAcquire")),
                        List.of(
                                List.of(op("acquire"), op("release")),
                                List.of(op("acquire"), op("release")),
                                List.of(op("release")))));
    }
}
