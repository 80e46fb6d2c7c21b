// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns the timeouts of the public API ({@link Duration}, {@code long} + {@link TimeUnit},
 * {@link Instant} deadlines) into nanoseconds, with one saturation rule for all of them.
 */
/*
 * The rule: negative means zero (j.u.c's), and anything longer than MAX (about 73 years) is
 * MAX, so that System.nanoTime() + nanos never overflows and deadline - now comparisons stay
 * exact. A timeout that large never expires in practice, as FutureTask's saturated waits don't.
 */
public final class WaitTime {

    /** The longest wait, in nanoseconds: Long.MAX_VALUE / 4, about 73 years. */
    public static final long MAX = Long.MAX_VALUE / 4;

    private WaitTime() {}

    /**
     * The timeout in nanoseconds, saturated.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            return 0L;
        }
        if (timeout.compareTo(Duration.ofNanos(MAX)) >= 0) {
            return MAX;
        }
        return timeout.toNanos();
    }

    /**
     * The timeout in nanoseconds, saturated ({@link TimeUnit#toNanos} itself saturates at
     * Long.MAX_VALUE, which this clamps to {@link #MAX}).
     *
     * @throws NullPointerException if {@code unit} is null
     */
    public static long nanos(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return clamp(unit.toNanos(timeout));
    }

    /**
     * Nanoseconds from now until {@code deadline}, saturated (zero if it has passed).
     *
     * @throws NullPointerException if {@code deadline} is null
     */
    public static long nanosUntil(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        Instant now = Instant.now();
        if (!deadline.isAfter(now)) {
            return 0L;
        }
        return nanos(Duration.between(now, deadline));
    }

    private static long clamp(long nanos) {
        return nanos <= 0L ? 0L : Math.min(nanos, MAX);
    }
}
