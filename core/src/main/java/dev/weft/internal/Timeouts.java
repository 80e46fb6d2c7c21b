package dev.weft.internal;

import dev.weft.Block;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** waitFor, moveOnAfter and deadline(): a DeadlineScope around a body run in the caller. */
public final class Timeouts {

    private Timeouts() {}

    public static <T, X extends Exception> T waitFor(long timeoutNanos, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Cancellation.checkpoint();
        DeadlineScope scope = DeadlineScope.open(timeoutNanos);
        T value;
        try {
            value = body.run();
        } catch (Throwable t) {
            scope.close();
            if (ForkedTask.isCancellation(t) && scope.timedOut()) {
                throw scope.timeoutException("waitFor", t);
            }
            throw Sneaky.<RuntimeException>rethrow(t);
        }
        scope.close();
        if (scope.isParentCancelled()) {
            Thread.currentThread().interrupt(); // the value wins; the enclosing cancellation is kept
        }
        return value;
    }

    public static <T, X extends Exception> Optional<T> moveOnAfter(long timeoutNanos, Block<T, X> body)
            throws X, InterruptedException {
        Cancellation.checkpoint();
        DeadlineScope scope = DeadlineScope.open(timeoutNanos);
        T value;
        try {
            value = body.run();
        } catch (Throwable t) {
            scope.close();
            if (ForkedTask.isCancellation(t) && scope.timedOut()) {
                return Optional.empty();
            }
            throw Sneaky.<RuntimeException>rethrow(t);
        }
        scope.close();
        if (scope.isParentCancelled()) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(value);
    }

    public static Optional<Instant> deadline() {
        Scope s = Cancellation.current();
        if (!DeadlineScope.hasDeadline(s)) {
            return Optional.empty();
        }
        long left = DeadlineScope.earliestNanos(s) - System.nanoTime();
        return Optional.of(Instant.now().plusNanos(left));
    }
}
