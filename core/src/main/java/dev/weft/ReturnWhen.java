// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/**
 * When {@link Weft#await(java.util.Collection, ReturnWhen)} returns: asyncio's
 * {@code return_when} constants.
 *
 * @since 0.1
 */
public enum ReturnWhen {
    /**
     * As soon as any task has ended.
     *
     * @since 0.1
     */
    FIRST_COMPLETED,
    /**
     * As soon as any task has failed, or when all have ended if none fails.
     *
     * @since 0.1
     */
    FIRST_EXCEPTION,
    /**
     * When every task has ended.
     *
     * @since 0.1
     */
    ALL_COMPLETED
}
