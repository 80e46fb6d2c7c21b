package dev.weft.internal;

import dev.weft.Task;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code Weft.asCompleted}: the callables as tasks of a supervising group owned by the caller,
 * handed out in the order they end.
 */
/*
 * Implementation notes.
 *
 * The group is supervising: a failed task does not cancel its siblings; it is handed out like
 * any other, and the caller retrieves its failure from the task. Failures never looked at are
 * logged when the stream closes. Each task's onDone callback (run when its code has ended)
 * puts it on `finished`, so the order handed out is the order of ending, and each task is
 * handed out exactly once. The timeout is a wait limit (asyncio semantics), not a cancel
 * scope: once it has passed, next() throws TimeoutException, and the tasks still running go
 * on until close() cancels them. close() ends the group: cancels what runs and waits for it.
 *
 * Only the thread that called asCompleted may iterate and close (it owns the group).
 */
public final class CompletionStream<T> {

    private final ThreadsGroup group;
    private final LinkedBlockingQueue<Task<T>> finished = new LinkedBlockingQueue<>();
    private final long deadline; // System.nanoTime(), meaningful if timed
    private final boolean timed;
    private int remaining;
    private boolean closed;

    public CompletionStream(List<? extends Callable<? extends T>> callables, long timeoutNanos) {
        this.timed = timeoutNanos >= 0;
        this.deadline = timed ? System.nanoTime() + timeoutNanos : 0L;
        this.group = ThreadsGroup.open("asCompleted", true);
        try {
            for (Callable<? extends T> c : callables) {
                Task<T> t = group.fork(null, c);
                t.onDone(finished::add);
                remaining++;
            }
        } catch (Throwable e) {
            group.close();
            throw e;
        }
    }

    public boolean hasNext() {
        return remaining > 0;
    }

    public Task<T> next() throws InterruptedException, TimeoutException {
        if (closed) {
            throw new IllegalStateException("asCompleted has been closed");
        }
        if (remaining == 0) {
            throw new NoSuchElementException("every task has been handed out");
        }
        Cancellation.checkpoint();
        Task<T> t;
        if (timed) {
            long left = deadline - System.nanoTime();
            t = left <= 0 ? finished.poll() : finished.poll(left, TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new TimeoutException(remaining + " task(s) of asCompleted still running at its timeout");
            }
        } else {
            t = finished.take();
        }
        remaining--;
        return t;
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        group.close();
    }
}
