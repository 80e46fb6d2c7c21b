// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.QueueCore;

/**
 * A {@link Queue} that returns the most recently put item first (a stack): asyncio's
 * {@code asyncio.LifoQueue}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=LifoQueue :
 * LifoQueue<String> undo = new LifoQueue<>();
 * undo.put("type a");
 * undo.put("type b");
 * undo.get(); // "type b"
 * }
 *
 * <p>Blocking, fairness among waiting callers (which stays first-come, first-served: only the
 * items are last-in, first-out), cancellation, shutdown, {@code join()} and memory effects are
 * exactly those of {@link Queue}. The single-producer order guarantee of {@code Queue} does not
 * apply: items come out newest first. When a get frees a slot of a full queue, the first waiting
 * putter's item goes on top.
 *
 * @param <T> the item type
 * @since 0.1
 */
public final class LifoQueue<T> extends Queue<T> {

    /**
     * Creates an unbounded LIFO queue.
     *
     * @since 0.1
     */
    public LifoQueue() {
        super(QueueCore.lifo(Integer.MAX_VALUE), 0);
    }

    /**
     * Creates a LIFO queue holding at most {@code maxsize} items.
     *
     * @param maxsize the capacity, at least 1
     * @throws IllegalArgumentException if {@code maxsize} is zero or negative; use
     *     {@code new LifoQueue<>()} for an unbounded queue
     * @since 0.1
     */
    public LifoQueue(int maxsize) {
        super(QueueCore.lifo(checkMaxsize(maxsize, "LifoQueue")), maxsize);
    }
}
