// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.TaskFailedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/** {@code Weft.join(CompletionStage)}: waits for a stage through Weft's own waiter. */
/*
 * Implementation notes.
 *
 * The stage's whenComplete callback (run by whichever thread completes the stage, or at once by
 * the caller if it is already complete) records the outcome and sets an EventSync; the caller
 * waits on that event. So the wait is WaitQueue's: the same checkpoint, interrupt and hand-off
 * rules as every Weft primitive, and no park loop of its own.
 *
 *   value/error   written by the completing thread before done.set(); read by the caller after
 *                 await returned, so the event's volatile write/read orders them.
 *   cancellation  if the caller is interrupted or cancelled, at the entry checkpoint or while
 *                 waiting, the stage is cancelled (Future.cancel(true), or through
 *                 toCompletableFuture() for a stage that is not a Future; a stage that refuses
 *                 with UnsupportedOperationException is left alone) and InterruptedException
 *                 thrown. If the stage completes as the caller is cancelled, WaitQueue's rule
 *                 applies: the completion wins, its outcome is reported and the interrupt is
 *                 re-asserted.
 */
public final class StageJoin {

    private StageJoin() {}

    public static <T> T join(CompletionStage<? extends T> stage) throws InterruptedException {
        Outcome<T> outcome = new Outcome<>();
        try {
            Cancellation.checkpoint();
            stage.whenComplete(outcome);
            outcome.done.await(false, 0L);
        } catch (InterruptedException e) {
            cancel(stage, e);
            throw e;
        }
        return outcome.report();
    }

    private static void cancel(CompletionStage<?> stage, InterruptedException why) {
        try {
            if (stage instanceof Future<?> f) {
                f.cancel(true);
            } else {
                stage.toCompletableFuture().cancel(true);
            }
        } catch (UnsupportedOperationException notCancellable) {
            // a stage that cannot be turned into a future (minimal stages of other libraries)
        } catch (RuntimeException e) {
            why.addSuppressed(e); // a misbehaving cancel must not hide the cancellation
        }
    }

    private static final class Outcome<T> implements BiConsumer<T, Throwable> {
        final EventSync done = new EventSync();
        private T value;
        private Throwable error;

        @Override
        public void accept(T v, Throwable e) {
            value = v;
            error = e;
            done.set();
        }

        T report() {
            Throwable cause = error;
            if (cause == null) {
                return value;
            }
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CancellationException c) {
                CancellationException e = new CancellationException(
                        c.getMessage() == null
                                ? "the stage was cancelled"
                                : "the stage was cancelled: " + c.getMessage());
                e.initCause(c);
                throw e;
            }
            throw new TaskFailedException("the stage failed: " + cause, cause);
        }
    }
}
