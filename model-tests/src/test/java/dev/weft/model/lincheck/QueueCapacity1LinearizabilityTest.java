// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Queue;

/** A FIFO queue of capacity 1 is linearizable to {@link QueueModel.Fifo}. */
public class QueueCapacity1LinearizabilityTest extends QueueLinearizabilityCheck {

    public QueueCapacity1LinearizabilityTest() {
        super(new Queue<>(1));
    }

    /** The model. */
    public static class Spec extends QueueModel.Fifo {
        public Spec() {
            super(1);
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected int capacity() {
        return 1;
    }
}
