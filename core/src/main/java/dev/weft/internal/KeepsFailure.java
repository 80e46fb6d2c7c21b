// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.concurrent.Callable;

/**
 * The body of a task whose failure stays in its {@code Future} instead of failing its group:
 * what {@link GroupExecutor} forks for {@code submit}, {@code invokeAll} and {@code invokeAny}
 * (j.u.c's contract: such a failure is reported through {@code Future.get()}). A marker, read
 * once by the {@link ForkedTask} constructor ({@code keepsFailure}); the group then logs the
 * failure at its end if no one retrieved it (Failures.withoutKept).
 *
 * @param body the task's code
 * @param <T> the result type
 */
record KeepsFailure<T>(Callable<? extends T> body) implements Callable<T> {

    @Override
    public T call() throws Exception {
        return body.call();
    }
}
