// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.PriorityQueue;
import java.util.Comparator;

/**
 * A priority queue of capacity 2 is linearizable to {@link QueueModel.StablePriority}: smallest
 * priority first, and among equal priorities the earliest put first (stable).
 */
public class PriorityQueueCapacity2LinearizabilityTest extends QueueLinearizabilityCheck {

    /**
     * Compares items by priority only ({@link QueueModel.StablePriority#key}). A named class, not
     * a lambda: Lincheck reads the state of every object reachable from the test reflectively.
     */
    static final Comparator<Integer> BY_KEY = new ByKey();

    private static final class ByKey implements Comparator<Integer> {
        @Override
        public int compare(Integer a, Integer b) {
            return Integer.compare(QueueModel.StablePriority.key(a), QueueModel.StablePriority.key(b));
        }
    }

    public PriorityQueueCapacity2LinearizabilityTest() {
        super(new PriorityQueue<>(2, BY_KEY));
    }

    /** The model. */
    public static class Spec extends QueueModel.StablePriority {
        public Spec() {
            super(2);
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected int capacity() {
        return 2;
    }
}
