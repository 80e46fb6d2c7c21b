package dev.weft.internal;

import dev.weft.Block;
import java.util.concurrent.CancellationException;

/** {@code Weft.run}: the body as a root task in its own virtual thread, awaited by the caller. */
public final class RootTask {

    private RootTask() {}

    /**
     * Runs the body inside a group no one else sees, which only owns the tasks that
     * {@code Weft.shield} leaves behind when its caller is cancelled, and waits for them.
     */
    private static <T, X extends Exception> T inHiddenGroup(Block<T, X> body) throws X, InterruptedException {
        ThreadsGroup g = ThreadsGroup.open("weft-main", true);
        try {
            return body.run();
        } finally {
            g.close();
        }
    }

    /**
     * Runs {@code body} as a root task nested in the caller's scope and waits for its thread to
     * end. An interrupt of the caller cancels the task; the caller still waits for it.
     */
    public static <T, X extends Exception> T run(Block<T, X> body) throws X, InterruptedException {
        ForkedTask<T> task =
                ForkedTask.create(null, Cancellation.current(), "main", "weft-main", 0, () -> inHiddenGroup(body));
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
            throw Sneaky.<RuntimeException>rethrow(thrown); // X, unchecked or Error, as the body threw it
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
}
