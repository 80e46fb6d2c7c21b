package dev.weft.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Turns the {@link Duration} timeouts of the public API into nanoseconds for parking. */
public final class WaitTime {

    /** Longer waits are treated as unbounded-but-timed: about 146 years. */
    private static final long MAX = Long.MAX_VALUE / 2;

    private WaitTime() {}

    /**
     * The timeout in nanoseconds: negative means zero (j.u.c's rule), huge values saturate so
     * that {@code System.nanoTime() + nanos} cannot overflow.
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
     * As {@link #nanos(Duration)}, for the {@code (long, TimeUnit)} timeouts of the
     * {@code java.util.concurrent} views: negative means zero, huge values saturate.
     *
     * @throws NullPointerException if {@code unit} is null
     */
    public static long nanos(long timeout, TimeUnit unit) {
        long n = unit.toNanos(timeout); // saturates at Long.MIN_VALUE / Long.MAX_VALUE
        return n <= 0L ? 0L : Math.min(n, MAX);
    }
}
