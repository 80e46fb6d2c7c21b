// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Task;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * {@code Weft.asCompleted}: the callables as tasks of a supervising group owned by the caller,
 * handed out in the order they end.
 */
/*
 * Implementation notes.
 *
 * The group is SUPERVISING and opened through the engine like every group: a failed task does
 * not cancel its siblings; it is handed out like any other, and the caller retrieves its
 * failure from the task. Failures never looked at are logged when the stream closes. Each
 * task's onDone callback (run when its code has ended) puts it on `finished`, an unbounded Weft
 * queue (so the caller waits through the one Waiter), so the order handed out is the order of
 * ending, and each task is handed out exactly once. The timeout is a wait limit (asyncio
 * semantics), not a cancel scope: once it has passed, next() throws TimeoutException, and the
 * tasks still running go on until close() cancels them. close() ends the group: cancels what
 * runs and waits for it.
 *
 * Only the thread that called asCompleted may iterate and close (it owns the group); any other
 * thread is refused before anything changes, so the owner's stream stays intact.
 *
 * Field access: everything but `finished` (thread-safe) is the owner thread's.
 */
public final class CompletionStream<T> {

    private final Group group;
    private final QueueCore<Task<T>> finished = QueueCore.fifo(Integer.MAX_VALUE);
    private final long deadline; // System.nanoTime(), meaningful if timed
    private final boolean timed;
    private int remaining;
    private boolean closed;

    public CompletionStream(List<? extends Callable<? extends T>> callables, long timeoutNanos) {
        this.timed = timeoutNanos >= 0;
        this.deadline = timed ? System.nanoTime() + timeoutNanos : 0L;
        this.group = Group.open("asCompleted", Group.Mode.SUPERVISING);
        try {
            for (Callable<? extends T> c : callables) {
                Task<T> t = group.fork(null, c);
                t.onDone(this::ended);
                remaining++;
            }
        } catch (Throwable e) {
            group.close();
            throw e;
        }
    }

    private void ended(Task<T> t) {
        try {
            finished.put(t, QueueCore.NOWAIT, 0L); // unbounded: never blocks
        } catch (InterruptedException e) {
            throw new AssertionError("a put on an unbounded queue does not wait", e);
        }
    }

    public boolean hasNext() {
        return remaining > 0;
    }

    public Task<T> next() throws InterruptedException, TimeoutException {
        checkOwner("iterate");
        if (closed) {
            throw new IllegalStateException("asCompleted has been closed");
        }
        if (remaining == 0) {
            throw new NoSuchElementException("every task has been handed out");
        }
        Cancellation.checkpoint();
        Task<T> t;
        if (timed) {
            t = finished.get(QueueCore.TIMED, Math.max(0L, deadline - System.nanoTime()));
            if (t == null) {
                throw new TimeoutException(remaining + " task(s) of asCompleted still running at its timeout");
            }
        } else {
            t = finished.get(QueueCore.UNTIMED, 0L);
        }
        remaining--;
        return t;
    }

    public void close() {
        if (closed) {
            return;
        }
        checkOwner("close");
        closed = true;
        group.close();
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != group.opener()) {
            throw new IllegalStateException(
                    "only the thread that called asCompleted may " + what + " it (called by " + group.opener() + ")");
        }
    }
}
