// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Weft#await} returns: asyncio's {@code (done, pending)} pair. Both sets keep the
 * order in which the tasks were passed and are unmodifiable.
 *
 * @param done the tasks whose code had ended (successfully, with a failure, or cancelled)
 * @param pending the tasks still running; {@code await} cancels none of them
 * @param <T> the tasks' result type
 * @since 0.1
 */
public record Done<T extends @Nullable Object>(Set<Task<T>> done, Set<Task<T>> pending) {
    /**
     * Creates the pair, copying both sets.
     *
     * @throws NullPointerException if either set is null
     * @since 0.1
     */
    public Done {
        done = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(done));
        pending = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(pending));
    }
}
