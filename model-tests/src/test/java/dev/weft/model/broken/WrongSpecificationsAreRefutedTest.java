// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.broken;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.model.lincheck.LinearizabilityCheck;
import dev.weft.model.lincheck.LockLinearizabilityTest;
import dev.weft.model.lincheck.PriorityQueueCapacity2LinearizabilityTest;
import dev.weft.model.lincheck.QueueCapacity2LinearizabilityTest;
import dev.weft.model.lincheck.QueueModel;
import dev.weft.model.lincheck.SemaphoreLinearizabilityTest;
import java.util.List;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck tier shown able to fail, as the jcstress broken twins are: the real primitives
 * checked against deliberately wrong specifications must be refuted. Each test passes only if
 * Lincheck reports a {@link LincheckAssertionError} (the checker found a history the wrong
 * model cannot explain).
 */
class WrongSpecificationsAreRefutedTest {

    private static ModelCheckingOptions modelChecking(Class<?> wrongSpec) {
        return new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(200)
                .loopBound(LinearizabilityCheck.LOOP_BOUND)
                .minimizeFailedScenario(false)
                .sequentialSpecification(wrongSpec);
    }

    /** A FIFO queue checked as a LIFO one. */
    public static final class FifoAsLifo extends QueueModel.Lifo {
        public FifoAsLifo() {
            super(2);
        }
    }

    @Test
    void fifoQueue_checkedAsLifo_refuted() {
        assertThatThrownBy(() -> modelChecking(FifoAsLifo.class).check(QueueCapacity2LinearizabilityTest.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /** The hand-written scenarios with blocking get/put are checked too: FIFO as LIFO fails there. */
    @Test
    void fifoQueue_blockingScenariosCheckedAsLifo_refuted() {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(200)
                .loopBound(LinearizabilityCheck.LOOP_BOUND)
                .sequentialSpecification(FifoAsLifo.class);
        LinearizabilityCheck.blockingScenariosOf(QueueCapacity2LinearizabilityTest.class)
                .forEach(options::addCustomScenario);
        assertThatThrownBy(() -> options.check(QueueCapacity2LinearizabilityTest.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /** A stable priority queue checked as one that hands out the latest of equal priorities. */
    public static final class StableAsLatestFirst extends QueueModel.StablePriority {
        public StableAsLatestFirst() {
            super(2);
        }

        @Override
        protected int next(List<Integer> items) {
            int best = 0;
            for (int i = 1; i < items.size(); i++) {
                if (key(items.get(i)) <= key(items.get(best))) {
                    best = i; // the latest of equals: the wrong tie-break
                }
            }
            return best;
        }
    }

    @Test
    void priorityQueue_checkedAsUnstable_refuted() {
        assertThatThrownBy(() ->
                        modelChecking(StableAsLatestFirst.class).check(PriorityQueueCapacity2LinearizabilityTest.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /** A Lock checked as reentrant: the owner's re-acquire succeeds in the model, throws for real. */
    public static final class LockAsReentrant extends LockLinearizabilityTest.Spec {
        private int holds;

        @Override
        public boolean tryAcquire(int me) {
            if (owner == me) {
                holds++;
                return true;
            }
            boolean got = super.tryAcquire(me);
            if (got) {
                holds = 1;
            }
            return got;
        }

        @Override
        public void release(int me) {
            if (owner == me && --holds > 0) {
                return;
            }
            super.release(me);
        }
    }

    @Test
    void lock_checkedAsReentrant_refuted() {
        assertThatThrownBy(() -> modelChecking(LockAsReentrant.class)
                        .actorsBefore(0)
                        .actorsAfter(0)
                        .check(LockLinearizabilityTest.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    @Test
    void semaphore_checkedAsBounded_refutedUnderStress() {
        assertThatThrownBy(() -> new StressOptions()
                        .iterations(30)
                        .invocationsPerIteration(200)
                        .minimizeFailedScenario(false)
                        .sequentialSpecification(BoundedAsOnePermit.class)
                        .check(SemaphoreLinearizabilityTest.class))
                .isInstanceOf(LincheckAssertionError.class);
    }

    /** The one-permit Semaphore checked as a BoundedSemaphore(1): its second release throws. */
    public static final class BoundedAsOnePermit extends SemaphoreLinearizabilityTest.Spec {
        @Override
        public void release() {
            if (permits == 1) {
                throw new IllegalStateException("over-release");
            }
            permits++;
        }
    }
}
