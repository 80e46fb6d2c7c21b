// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.LifoQueue;

/** A LIFO queue of capacity 2 is linearizable to {@link QueueModel.Lifo}. */
public class LifoQueueCapacity2LinearizabilityTest extends QueueLinearizabilityCheck {

    public LifoQueueCapacity2LinearizabilityTest() {
        super(new LifoQueue<>(2));
    }

    /** The model. */
    public static class Spec extends QueueModel.Lifo {
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
