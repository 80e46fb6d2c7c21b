// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Block;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** waitFor, moveOnAfter and deadline(): a DeadlineScope around a body run in the caller. */
public final class Timeouts {

    private Timeouts() {}

    /** What {@link #run} returns when its own deadline cut the body short. */
    private static final Object TIMED_OUT = new Object();

    /** @param limit the Duration or Instant the caller gave, for messages */
    public static <T, X extends Exception> T waitFor(long timeoutNanos, Object limit, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Throwable[] cause = new Throwable[1];
        Object r = run(timeoutNanos, "waitFor", limit, body, cause);
        if (r == TIMED_OUT) {
            TimeoutException e = new TimeoutException("waitFor(" + limit + ") timed out; its body was cancelled");
            e.initCause(cause[0]);
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }

    /** @param limit the Duration the caller gave, for messages */
    public static <T, X extends Exception> Optional<T> moveOnAfter(long timeoutNanos, Object limit, Block<T, X> body)
            throws X, InterruptedException {
        Object r = run(timeoutNanos, "moveOnAfter", limit, body, null);
        if (r == TIMED_OUT) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return Optional.ofNullable(value);
    }

    /**
     * Runs {@code body} in a DeadlineScope. Returns its value, or TIMED_OUT if this scope's own
     * deadline cancelled it (the body's exception then goes to {@code cause[0]}); rethrows
     * anything else as it is.
     */
    private static <T, X extends Exception> Object run(
            long timeoutNanos, String op, Object limit, Block<T, X> body, Throwable[] cause)
            throws X, InterruptedException {
        Cancellation.checkpoint();
        DeadlineScope scope = DeadlineScope.open(timeoutNanos, op, limit);
        T value;
        try {
            value = body.run();
        } catch (Throwable t) {
            scope.close();
            if (ForkedTask.isCancellation(t) && scope.timedOut()) {
                if (cause != null) {
                    cause[0] = t;
                }
                return TIMED_OUT;
            }
            throw Sneaky.<RuntimeException>rethrow(t);
        }
        scope.close();
        if (scope.isParentCancelled()) {
            Thread.currentThread().interrupt(); // the value wins; the enclosing cancellation is kept
        }
        return value;
    }

    /**
     * Weft.cleanup: runs {@code body} in a cleanup scope (no parent, its own deadline); the
     * caller's cancellation is held off meanwhile and in force again afterwards.
     *
     * @param limit the Duration the caller gave, for messages
     */
    public static <T, X extends Exception> T cleanup(long timeoutNanos, Object limit, Block<T, X> body)
            throws X, InterruptedException, TimeoutException {
        // No checkpoint: a cancelled task is exactly who calls this. An interrupt already
        // pending is held off too, and re-asserted at the end.
        boolean pending = Thread.interrupted();
        DeadlineScope scope = DeadlineScope.openCleanup(timeoutNanos, limit);
        T value;
        try {
            value = body.run();
        } catch (Throwable t) {
            boolean held = scope.closeCleanup();
            if (pending || held) {
                Thread.currentThread().interrupt();
            }
            if (ForkedTask.isCancellation(t) && scope.timedOut()) {
                TimeoutException e =
                        new TimeoutException("cleanup(" + limit + ") did not finish in time; its body was cancelled");
                e.initCause(t);
                throw e;
            }
            throw Sneaky.<RuntimeException>rethrow(t);
        }
        if (scope.closeCleanup() || pending) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    /**
     * Weft.sleep. The JDK's own sleep, which costs a sleeping virtual thread no more than its
     * timer entry (a Waiter would add one object per sleeper, and there is no hand-off to decide
     * here); its InterruptedException is replaced by the one every blocking Weft call throws.
     */
    public static void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0L) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            throw Cancellation.interruptedException(); // the status was cleared by sleep
        }
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
