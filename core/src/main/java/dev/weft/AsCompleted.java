// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.CompletionStream;
import dev.weft.internal.Sneaky;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of {@link Weft#asCompleted}, handed out in the order they end: asyncio's
 * {@code as_completed}. Each task is handed out exactly once; a failed task is handed out like
 * any other (its failure is retrieved from the task, {@code next()} does not throw it), and its
 * siblings go on running.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=AsCompleted :
 * try (var done = Weft.asCompleted(() -> fetch("a"), () -> fetch("b"))) {
 *     while (done.hasNext()) {
 *         Task<String> t = done.next();
 *         if (t.state() == Future.State.SUCCESS) use(t.resultNow());
 *         else report(t.exceptionNow());
 *     }
 * }
 * }
 *
 * <p>It owns the tasks, like a {@link TaskGroup} opened by the calling thread: only that
 * thread may iterate and close it, and {@link #close()} cancels the tasks still running and
 * waits for them, so leaving the try-with-resources block early never leaks a thread. With a
 * timeout, {@code next()} throws {@link TimeoutException} once it has passed; the tasks still
 * running are cancelled only by {@code close()} (asyncio leaves them running). Cancelling the
 * calling thread cancels the tasks.
 *
 * <p>Memory consistency: actions of a task happen-before {@code next()} returns it.
 *
 * @param <T> the tasks' result type
 * @since 0.1
 */
public final class AsCompleted<T extends @Nullable Object> implements Iterable<Task<T>>, AutoCloseable {

    private final CompletionStream<T> stream;

    AsCompleted(CompletionStream<T> stream) {
        this.stream = stream;
    }

    /**
     * True while some task has not been handed out yet.
     *
     * @return whether {@link #next()} has a task to hand out
     * @since 0.1
     */
    public boolean hasNext() {
        return stream.hasNext();
    }

    /**
     * Waits for the next task to end and returns it.
     *
     * @return the next task to have ended
     * @throws NoSuchElementException if every task has been handed out
     * @throws TimeoutException if the timeout given to {@code asCompleted} has passed
     * @throws InterruptedException if the calling thread is interrupted or cancelled
     * @throws IllegalStateException if this has been closed, or if called by another thread than
     *     the one that created it (which changes nothing)
     * @since 0.1
     */
    public Task<T> next() throws InterruptedException, TimeoutException {
        return stream.next();
    }

    /**
     * An iterator for for-each loops, whose {@code next()} is {@link #next()}. {@code Iterator}
     * cannot declare checked exceptions, so its {@code next()} throws {@link TimeoutException}
     * and {@link InterruptedException} undeclared (catch {@code Exception} around the loop to
     * handle them), as Jox and Lombok's {@code @SneakyThrows} do.
     *
     * @return an iterator over the tasks in the order they end
     * @since 0.1
     */
    @Override
    public Iterator<Task<T>> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public Task<T> next() {
                try {
                    return stream.next();
                } catch (InterruptedException | TimeoutException e) {
                    throw Sneaky.<RuntimeException>rethrow(e);
                }
            }
        };
    }

    /**
     * Cancels the tasks still running and waits for them to end. Failures that were never
     * retrieved from their task are logged once. Idempotent. The caller's interrupt status
     * afterwards is what it was: an interrupt pending before the call is kept.
     *
     * @throws IllegalStateException if called by another thread than the one that created it;
     *     the stream is left as it was, for its owner to go on iterating and close
     * @since 0.1
     */
    @Override
    public void close() {
        stream.close();
    }
}
