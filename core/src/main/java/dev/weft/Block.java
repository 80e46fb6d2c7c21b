package dev.weft;

/**
 * A body of code that returns a value and may throw a checked exception of type {@code X}:
 * what {@link Weft#run}, the timeout scopes, {@link Weft#shield} and {@link Weft#toThread} run, keeping the
 * body's own checked exception type.
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface Block<T, X extends Exception> {

    /**
     * Runs the body.
     *
     * @return the result
     * @throws X the body's own exception
     * @throws InterruptedException if the body is cancelled
     */
    T run() throws X, InterruptedException;
}
