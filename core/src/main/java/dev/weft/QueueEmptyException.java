// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link Queue#getNowait} when the queue holds no item: asyncio's {@code QueueEmpty}.
 *
 * <p>Unchecked, and a subclass of {@link NoSuchElementException}, as
 * {@link java.util.Queue#remove()} reports an empty queue.
 *
 * @since 0.1
 */
public class QueueEmptyException extends NoSuchElementException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @since 0.1
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
