// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/**
 * A {@link Semaphore} that refuses to be released more often than acquired: Weft's
 * {@code asyncio.BoundedSemaphore} / {@code threading.BoundedSemaphore}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=BoundedSemaphore :
 * BoundedSemaphore pool = new BoundedSemaphore(4);
 * pool.acquire();
 * pool.release();
 * pool.release();   // throws IllegalStateException: would exceed 4 free permits
 * }
 *
 * <p>Everything else (FIFO hand-off, cancellation, memory effects) is as for {@link Semaphore};
 * in particular permits are not owned: any task may release one, and the bound counts releases
 * against acquires, whoever made them.
 * Where asyncio raises {@code ValueError}, Weft throws {@link IllegalStateException}, its
 * convention for misuse.
 *
 * @since 0.1
 */
public final class BoundedSemaphore extends Semaphore {

    /**
     * Creates a bounded semaphore with {@code permits} permits, which is also the most that can
     * ever be free.
     *
     * @param permits the initial and maximum number of free permits; may be 0
     * @throws IllegalArgumentException if {@code permits} is negative
     * @since 0.1
     */
    public BoundedSemaphore(int permits) {
        super(permits, permits, "BoundedSemaphore", null);
    }

    /**
     * Creates a bounded semaphore with {@code permits} permits (also the most that can ever be free),
     * named {@code name}. The name shows in {@link Weft#taskTree()} (what a blocked task waits on),
     * in JFR events and in {@link #toString()}; it has no other effect.
     *
     * @param permits the initial and maximum number of free permits; may be 0
     * @param name the name, e.g. {@code "accounts"}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code permits} is negative
     * @since 0.1
     */
    public BoundedSemaphore(int permits, String name) {
        super(permits, permits, "BoundedSemaphore", java.util.Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns a permit, handing it to the first waiting task if there is one.
     *
     * @throws IllegalStateException if this would raise the number of free permits above the
     *     initial count (released more often than acquired)
     * @since 0.1
     */
    @Override
    public void release() {
        super.release();
    }
}
