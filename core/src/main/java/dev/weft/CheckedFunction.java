// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * A function that may throw a checked exception: what {@link Weft#map} applies to each item.
 *
 * @param <T> the input type
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface CheckedFunction<T extends @Nullable Object, R extends @Nullable Object> {
    /**
     * Applies the function.
     *
     * @param item the input
     * @return the result
     * @throws Exception any failure, which fails the whole {@code map}
     * @since 0.1
     */
    R apply(T item) throws Exception;
}
