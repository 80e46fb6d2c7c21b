// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/**
 * A held lock or permit, released by {@link #close()}: what {@link Lock#hold()},
 * {@link RLock#hold()} and {@link Semaphore#hold()} return, for try-with-resources (asyncio's
 * {@code async with lock:}).
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Guard :
 * try (Guard g = lock.hold()) {
 *     counter++;
 * }
 * }
 *
 * <p>A guard releases exactly once; it must be closed by the task that obtained it when it
 * guards a {@link Lock} or {@link RLock} (they are owned).
 *
 * @since 0.1
 */
public interface Guard extends AutoCloseable {

    /**
     * Releases the lock or permit this guard holds.
     *
     * @throws IllegalStateException if this guard was already closed, or (for a lock) if the
     *     current task does not hold it
     * @since 0.1
     */
    @Override
    void close();
}
