// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.io.Serial;

/**
 * Thrown by {@link Task#join()} when the task ended by throwing: the unchecked counterpart of
 * {@link java.util.concurrent.ExecutionException}. {@link #getCause()} is the task's own
 * exception, unchanged.
 *
 * <p>asyncio re-raises a task's exception in whoever awaits it; Java cannot rethrow a checked
 * exception through {@code join()} without declaring it, so Weft wraps it once.
 *
 * @since 0.1
 */
public class TaskFailedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @param cause the task's exception
     * @since 0.1
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
