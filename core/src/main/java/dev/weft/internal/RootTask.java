// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Block;
import java.util.concurrent.CancellationException;

/** {@code Weft.run}: the body as the root task of a group owned by the caller, awaited. */
/*
 * Implementation notes.
 *
 * The caller opens a SUPERVISING group through the engine (so under sts the body inherits the
 * caller's ScopedValue bindings) and forks the body into it as the task "weft-main". The same
 * group owns the tasks that Weft.shield leaves behind when its caller is cancelled, and waits
 * for them. An interrupt of the caller while it waits cancels the group (Group.onInterrupt), so
 * the body is cancelled and the caller still waits for it; then the body's outcome decides:
 * a value wins (the interrupt is re-asserted), an exception of the body is rethrown as it is
 * (interrupt re-asserted), and otherwise InterruptedException.
 */
public final class RootTask {

    private RootTask() {}

    public static <T, X extends Exception> T run(Block<T, X> body) throws X, InterruptedException {
        Group g = Group.open(null, Group.Mode.SUPERVISING);
        ForkedTask<T> task;
        try {
            task = g.forkTask("weft-main", body::run);
        } catch (Throwable e) {
            g.close();
            throw e;
        }
        task.markRetrieved(); // its failure is ours to report, never logged as unretrieved
        boolean interrupted = g.awaitAndLeave();
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
