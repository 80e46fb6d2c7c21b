package dev.weft;

import dev.weft.internal.Cancellation;
import dev.weft.internal.RootTask;
import java.time.Duration;
import java.util.Objects;

/**
 * Entry points of Weft: asyncio's module-level functions ({@code asyncio.run},
 * {@code asyncio.sleep}, ...).
 */
public final class Weft {

    private Weft() {}

    /**
     * Runs {@code body} in a new virtual thread as a root task, waits for it, and returns its
     * result or rethrows its exception as it is: asyncio's {@code asyncio.run(main())}.
     *
     * <p>If the calling thread is interrupted while it waits, the body is cancelled, and this
     * method throws {@link InterruptedException} after the body's thread has ended. The body
     * runs inside the caller's scope: it sees the caller's cancellation.
     *
     * <p>Actions of the body happen-before this method returns.
     *
     * @param body the code to run
     * @param <T> the result type
     * @param <X> the body's checked exception type
     * @return the body's result
     * @throws X the body's own exception, unchanged (as are unchecked exceptions and errors)
     * @throws InterruptedException if the caller was interrupted or cancelled, or the body was
     *     cancelled
     * @throws NullPointerException if {@code body} is null
     */
    public static <T, X extends Exception> T run(Block<T, X> body) throws X, InterruptedException {
        Objects.requireNonNull(body, "body");
        Cancellation.checkpoint();
        return RootTask.run(body);
    }

    /**
     * Suspends the calling task for {@code duration}: asyncio's {@code asyncio.sleep}. A zero or
     * negative duration returns at once after checking for cancellation.
     *
     * @param duration how long to sleep
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or during the sleep (the interrupt status is cleared)
     * @throws NullPointerException if {@code duration} is null
     */
    public static void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        Cancellation.checkpoint();
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Thread.sleep(duration);
    }
}
