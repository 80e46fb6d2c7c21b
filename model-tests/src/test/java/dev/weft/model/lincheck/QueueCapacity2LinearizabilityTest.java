// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Queue;

/** A FIFO queue of capacity 2 is linearizable to {@link QueueModel.Fifo}. */
public class QueueCapacity2LinearizabilityTest extends QueueLinearizabilityCheck {

    public QueueCapacity2LinearizabilityTest() {
        super(new Queue<>(2));
    }

    /** The model. */
    public static class Spec extends QueueModel.Fifo {
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
