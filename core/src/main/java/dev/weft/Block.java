// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A body of code that returns a value and may throw a checked exception of type {@code X}:
 * what {@link Weft#run}, the timeout scopes, {@link Weft#shield} and {@link Weft#toThread} run, keeping the
 * body's own checked exception type.
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 * @since 0.1
 */
@FunctionalInterface
public interface Block<T extends @Nullable Object, X extends Exception> {

    /**
     * Runs the body.
     *
     * @return the result
     * @throws X the body's own exception
     * @throws InterruptedException if the body is cancelled
     * @since 0.1
     */
    T run() throws X, InterruptedException;
}
