// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one callable of {@link Weft#gatherSettled}: asyncio's
 * {@code gather(..., return_exceptions=True)}, typed. A {@link Success} holds the value, a
 * {@link Failure} the exception; a callable that was cancelled gives a {@code Failure} holding
 * a {@link java.util.concurrent.CancellationException}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Result :
 * for (Result<String> r : Weft.gatherSettled(calls)) {
 *     switch (r) {
 *         case Result.Success<String> s -> System.out.println("ok: " + s.value());
 *         case Result.Failure<String> f -> System.out.println("failed: " + f.error());
 *     }
 * }
 * }
 *
 * @param <T> the value type
 * @since 0.1
 */
public sealed interface Result<T extends @Nullable Object> {

    /**
     * A callable that returned.
     *
     * @param value what it returned, possibly null
     * @param <T> the value type
     * @since 0.1
     */
    record Success<T extends @Nullable Object>(T value) implements Result<T> {}

    /**
     * A callable that threw, or was cancelled.
     *
     * @param error what it threw; a {@code CancellationException} if it was cancelled
     * @param <T> the value type it would have had
     * @since 0.1
     */
    record Failure<T extends @Nullable Object>(Throwable error) implements Result<T> {
        /**
         * Creates a failure.
         *
         * @throws NullPointerException if {@code error} is null
         * @since 0.1
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * True for a {@link Success}.
     *
     * @return whether the callable returned
     * @since 0.1
     */
    default boolean isSuccess() {
        return this instanceof Success;
    }
}
