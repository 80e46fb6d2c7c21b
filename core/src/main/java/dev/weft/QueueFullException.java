// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/**
 * Thrown by {@link Queue#putNowait} when the queue holds {@link Queue#maxsize()} items: asyncio's
 * {@code QueueFull}.
 *
 * <p>Unchecked, and a subclass of {@link IllegalStateException}, as {@link java.util.Queue#add}
 * reports a full queue: a full queue is a condition the caller chose not to wait for, and
 * usually handles by a catch at the call site or not at all.
 *
 * @since 0.1
 */
public class QueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @since 0.1
     */
    public QueueFullException(String message) {
        super(message);
    }
}
