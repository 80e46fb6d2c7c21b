// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by a {@link TaskGroup} whose body or tasks failed, after every task of the group has
 * ended: Weft's counterpart of the {@code ExceptionGroup} that asyncio's {@code TaskGroup}
 * raises.
 *
 * <p>{@link #getCause()} is the first failure; {@link #failures()} lists every failure in the
 * order they happened, including those raised while the group was being cancelled (the JDK's
 * {@code StructuredTaskScope} drops those; Weft keeps them). Cancellations are not failures and
 * are not listed. Every failure but the first is also attached as suppressed, so stack traces
 * show them all.
 *
 * @since 0.1
 */
public class TaskGroupException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Every failure, in the order they happened; what {@link #failures()} returns. */
    private final List<Throwable> failures;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @param failures every failure, in order; must not be empty
     * @throws IllegalArgumentException if {@code failures} is empty
     * @throws NullPointerException if {@code failures} or an element is null
     * @since 0.1
     */
    public TaskGroupException(String message, List<? extends Throwable> failures) {
        super(message, first(failures));
        this.failures = List.copyOf(failures);
        for (int i = 1; i < this.failures.size(); i++) {
            Throwable t = this.failures.get(i);
            if (t != getCause()) {
                addSuppressed(t);
            }
        }
    }

    private static Throwable first(List<? extends Throwable> failures) {
        Objects.requireNonNull(failures, "failures");
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a TaskGroupException needs at least one failure");
        }
        return failures.get(0);
    }

    /**
     * Every failure of the group's body and tasks, in the order they happened.
     *
     * @return an unmodifiable list with at least one element
     * @since 0.1
     */
    public List<Throwable> failures() {
        return failures;
    }
}
