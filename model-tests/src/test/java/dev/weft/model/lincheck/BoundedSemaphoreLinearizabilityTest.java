// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.BoundedSemaphore;
import java.time.Duration;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * {@link BoundedSemaphore}(2) is linearizable to a counter of free permits whose release above
 * the initial count throws {@link IllegalStateException}.
 */
public class BoundedSemaphoreLinearizabilityTest extends LinearizabilityCheck {

    private final BoundedSemaphore s = new BoundedSemaphore(2);

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

    /** Blocking: only in {@link #blockingScenarios()}. */
    public void acquire() throws InterruptedException {
        s.acquire();
    }

    /** The model: free permits, at most 2. */
    public static class Spec extends SemaphoreLinearizabilityTest.Spec {
        public Spec() {
            super(2);
        }

        @Override
        public void release() {
            if (permits == 2) {
                throw new IllegalStateException("over-release");
            }
            permits++;
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                // Three acquirers of two permits; each releases once, so the bound is never
                // crossed, whoever waits.
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("acquire"), op("release")),
                                List.of(op("acquire"), op("release")),
                                List.of(op("acquire"), op("release")))),
                // One permit taken, an acquirer and two extra releases: in every interleaving
                // exactly one of the three releases finds both permits free and throws.
                scenario(
                        List.of(op("tryAcquire")),
                        List.of(List.of(op("acquire"), op("release")), List.of(op("release"), op("release")))));
    }
}
