package dev.weft.internal;

import dev.weft.Block;
import java.util.concurrent.CancellationException;

/** {@code Weft.run}: the body as a root task in its own virtual thread, awaited by the caller. */
public final class RootTask {

    private RootTask() {}

    /**
     * Runs {@code body} as a root task nested in the caller's scope and waits for its thread to
     * end. An interrupt of the caller cancels the task; the caller still waits for it.
     */
    public static <T, X extends Exception> T run(Block<T, X> body) throws X, InterruptedException {
        ForkedTask<T> task = ForkedTask.create(null, Cancellation.current(), "main", "weft-main", 0, body::run);
        task.start();
        boolean interrupted = false;
        for (; ; ) {
            try {
                task.thread().join();
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    interrupted = true;
                    task.cancel();
                }
            }
        }
        if (task.rawState() == ForkedTask.SUCCESS) {
            if (interrupted) {
                Thread.currentThread().interrupt(); // the result won the race; keep the cancellation
            }
            return task.resultNow();
        }
        Throwable thrown = task.thrown();
        if (thrown != null && !ForkedTask.isCancellation(thrown)) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw RootTask.<RuntimeException>sneaky(thrown); // X, unchecked or Error, as the body threw it
        }
        if (interrupted) {
            throw new InterruptedException("Weft.run was interrupted; its body was cancelled");
        }
        if (thrown instanceof InterruptedException ie) {
            throw ie;
        }
        if (thrown instanceof CancellationException ce) {
            throw ce;
        }
        InterruptedException ie = new InterruptedException("the body of Weft.run was cancelled");
        ie.initCause(thrown);
        throw ie;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
