// SPDX-License-Identifier: Apache-2.0
/**
 * Weft's public API: asyncio's structured-concurrency vocabulary for Java, on virtual threads.
 *
 * <h2>Cancellation model</h2>
 * A task is a virtual thread, and cancelling it interrupts it; {@link java.lang.InterruptedException}
 * is Java's {@code CancelledError}. Weft never swallows a cancellation: a Weft call that catches
 * an interrupt either rethrows {@code InterruptedException} or restores the interrupt status.
 * Cancellation sticks: once a task, or a group or scope around it, is cancelled, every later
 * blocking Weft call in it throws {@code InterruptedException} at once, even if the code
 * swallowed an earlier one.
 *
 * <h2>Errors</h2>
 * A task's exception reaches whoever joins it wrapped in {@link dev.weft.TaskFailedException};
 * a group reports its failures in one {@link dev.weft.TaskGroupException}.
 *
 * <h2>Nullness</h2>
 * The package is {@link org.jspecify.annotations.NullMarked @NullMarked} (JSpecify): a
 * parameter, return value or type argument may be null only where it is marked
 * {@link org.jspecify.annotations.Nullable @Nullable}, or, for a type variable, where its bound
 * is {@code @Nullable Object} (a task or a body may return null).
 *
 * @since 0.1
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
