// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/**
 * Thrown by a put on a queue that was {@linkplain Queue#shutdown() shut down}, and by a get on
 * a shut-down queue that has no item left: asyncio's {@code QueueShutDown} (Python 3.13).
 *
 * <p>Unchecked, and a subclass of {@link IllegalStateException}: it reports the queue's state,
 * which a consumer loop typically treats as its normal end ({@code catch
 * (QueueShutdownException e) { break; }}), without forcing every caller of {@code put} to
 * declare it.
 *
 * @since 0.1
 */
public class QueueShutdownException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @since 0.1
     */
    public QueueShutdownException(String message) {
        super(message);
    }
}
