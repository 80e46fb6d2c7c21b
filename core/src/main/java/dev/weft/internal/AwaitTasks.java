// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Done;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * {@code Weft.await}: waits for a condition over tasks (asyncio's {@code wait}); cancels none.
 */
/*
 * Implementation notes.
 *
 * A task counts as done when its code has ended, which is when its onDone callbacks run. One
 * small callback per task marks its slot in `ended` and grants the current Waiter (the one
 * waiting mechanism); callbacks cannot be removed, so after await returns they find `waiter`
 * null and do nothing but the mark. The caller re-evaluates the condition after every grant,
 * with a new waiter each round: the marks are the truth, the grant only a hint. It publishes
 * the waiter before it re-reads the marks, and a callback marks before it reads `waiter`, so a
 * mark is never missed.
 *
 * Field access: tasks final; ended by callbacks (any thread) and the caller; waiter written by
 * the caller, read by callbacks.
 */
public final class AwaitTasks<T> {

    private final List<Task<T>> tasks;
    private final AtomicIntegerArray ended;
    private volatile Waiter waiter;

    private AwaitTasks(List<Task<T>> tasks) {
        this.tasks = tasks;
        this.ended = new AtomicIntegerArray(tasks.size());
    }

    public static <T> Done<T> await(java.util.Collection<? extends Task<T>> tasks, ReturnWhen when, long timeoutNanos)
            throws InterruptedException {
        Objects.requireNonNull(when, "returnWhen");
        List<Task<T>> list = Combinators.copyOf(tasks, "tasks");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("await needs at least one task");
        }
        Cancellation.checkpoint();
        AwaitTasks<T> a = new AwaitTasks<>(list);
        for (int i = 0; i < list.size(); i++) {
            int slot = i;
            list.get(i).onDone(t -> a.mark(slot));
        }
        try {
            a.waitUntil(when, timeoutNanos);
        } finally {
            a.waiter = null;
        }
        List<Task<T>> done = new ArrayList<>();
        List<Task<T>> pending = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            (a.ended.get(i) != 0 ? done : pending).add(list.get(i));
        }
        return new Done<>(new java.util.LinkedHashSet<>(done), new java.util.LinkedHashSet<>(pending));
    }

    private void mark(int slot) {
        ended.set(slot, 1);
        Waiter w = waiter;
        if (w != null) {
            w.grant(Waiter.GRANTED);
        }
    }

    private void waitUntil(ReturnWhen when, long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos < 0 ? 0L : System.nanoTime() + timeoutNanos;
        while (!satisfied(when)) {
            Waiter w = new Waiter(Waiter.INTERRUPTIBLE);
            waiter = w;
            if (satisfied(when)) {
                return; // a mark landed before the waiter was published: see the notes
            }
            long left = timeoutNanos < 0 ? -1L : Math.max(0L, deadline - System.nanoTime());
            if (w.await(left, Waiter.Spin.NONE) == Waiter.TIMED_OUT) {
                return;
            }
        }
    }

    private boolean satisfied(ReturnWhen when) {
        int n = tasks.size();
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (ended.get(i) != 0) {
                count++;
                if (when == ReturnWhen.FIRST_COMPLETED) {
                    return true;
                }
                if (when == ReturnWhen.FIRST_EXCEPTION && tasks.get(i).state() == Future.State.FAILED) {
                    return true;
                }
            }
        }
        return count == n;
    }
}
