// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.CheckedFunction;
import dev.weft.Result;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * gather, gatherSettled, race and map: each one TaskGroup, so none returns while a task it
 * forked still runs, and cancelling the caller cancels them all.
 */
public final class Combinators {

    private Combinators() {}

    /** A defensive copy that rejects null callables with a clear message. */
    public static <C> List<C> copyOf(Collection<? extends C> items, String what) {
        Objects.requireNonNull(items, what);
        List<C> copy = new ArrayList<>(items.size());
        int i = 0;
        for (C c : items) {
            copy.add(Objects.requireNonNull(c, what + "[" + i + "] is null"));
            i++;
        }
        return copy;
    }

    public static <T> List<T> gather(Collection<? extends Callable<? extends T>> callables)
            throws InterruptedException {
        List<Callable<? extends T>> calls = copyOf(callables, "callables");
        List<Task<? extends T>> tasks = new ArrayList<>(calls.size());
        TaskGroup.run("gather", tg -> {
            for (Callable<? extends T> c : calls) {
                tasks.add(tg.fork(c));
            }
            return null;
        });
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<? extends T> t : tasks) {
            if (t.state() != Future.State.SUCCESS) {
                // The group did not fail, so the task ended cancelled: the child was cancelled
                // on its own, or threw CancellationException. asyncio's gather propagates it.
                throw cancelledChild("gather", t);
            }
            results.add(t.resultNow());
        }
        return Collections.unmodifiableList(results);
    }

    private static CancellationException cancelledChild(String what, Task<?> t) {
        CancellationException e = new CancellationException(what + ": Task '" + t.name() + "' was cancelled");
        if (t instanceof ForkedTask<?> f && f.thrown() != null) {
            e.initCause(f.thrown());
        }
        return e;
    }

    public static <T> List<Result<T>> gatherSettled(Collection<? extends Callable<? extends T>> callables)
            throws InterruptedException {
        List<Callable<? extends T>> calls = copyOf(callables, "callables");
        List<Task<Result<T>>> tasks = new ArrayList<>(calls.size());
        TaskGroup.run("gatherSettled", tg -> {
            for (Callable<? extends T> c : calls) {
                tasks.add(tg.fork(() -> settle(c)));
            }
            return null;
        });
        List<Result<T>> results = new ArrayList<>(tasks.size());
        for (Task<Result<T>> t : tasks) {
            results.add(
                    t.state() == Future.State.SUCCESS
                            ? t.resultNow()
                            : new Result.Failure<>(new CancellationException("cancelled before it ran")));
        }
        return Collections.unmodifiableList(results);
    }

    private static <T> Result<T> settle(Callable<? extends T> c) {
        try {
            return new Result.Success<>(c.call());
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            if (ForkedTask.isCancellation(t) && !(t instanceof CancellationException)) {
                CancellationException ce = new CancellationException("cancelled: " + t);
                ce.initCause(t);
                return new Result.Failure<>(ce);
            }
            return new Result.Failure<>(t);
        }
    }

    private record Winner<T>(T value) {}

    public static <T> T race(Collection<? extends Callable<? extends T>> callables) throws InterruptedException {
        List<Callable<? extends T>> calls = copyOf(callables, "callables");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("race needs at least one callable");
        }
        AtomicReference<Winner<T>> winner = new AtomicReference<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        TaskGroup.run("race", tg -> {
            for (Callable<? extends T> c : calls) {
                tg.fork(() -> {
                    T v;
                    try {
                        v = c.call();
                    } catch (Throwable t) {
                        if (t instanceof VirtualMachineError) {
                            throw t;
                        }
                        if (!tg.isCancelled()) {
                            failures.add(t); // the race goes on
                            return null;
                        }
                        if (winner.get() != null) {
                            // A loser ending as the winner cancelled it, whatever it threw: the
                            // race is decided (the winner is set before the group is cancelled).
                            return null;
                        }
                        throw t; // the race itself was cancelled: let the group report it
                    }
                    if (winner.compareAndSet(null, new Winner<>(v))) {
                        tg.cancel(); // the losers are cancelled; the group ends without error
                    }
                    return null;
                });
            }
            return null;
        });
        Winner<T> w = winner.get();
        if (w != null) {
            return w.value();
        }
        List<Throwable> all = List.copyOf(failures);
        throw new TaskGroupException("race: all " + calls.size() + " callables failed", all);
    }

    public static <T, R> List<R> map(
            Collection<? extends T> items, int concurrency, CheckedFunction<? super T, ? extends R> fn)
            throws InterruptedException {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(fn, "fn");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        Object[] in = items.toArray();
        Object[] out = new Object[in.length];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> cancelledItem = new AtomicReference<>();
        int workers = Math.min(concurrency, in.length);
        TaskGroup.run("map", tg -> {
            for (int w = 0; w < workers; w++) {
                tg.fork("map-worker-" + w, () -> {
                    // Stop taking items once the group is cancelled (a failure elsewhere, or the
                    // caller): fn may never block, so the interrupt alone would not stop us.
                    for (int i = next.getAndIncrement(); i < in.length; i = next.getAndIncrement()) {
                        Cancellation.checkpoint();
                        @SuppressWarnings("unchecked")
                        T item = (T) in[i];
                        try {
                            out[i] = fn.apply(item);
                        } catch (Throwable t) {
                            if (ForkedTask.isCancellation(t) && !Cancellation.isCancelled()) {
                                // fn itself threw a cancellation (joined a cancelled future,
                                // say): item i has no result, so map cannot succeed.
                                CancellationException ce =
                                        new CancellationException("map: fn was cancelled on item " + i + ": " + t);
                                ce.initCause(t);
                                cancelledItem.compareAndSet(null, ce);
                                tg.cancel();
                                return null;
                            }
                            throw t;
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        Throwable c = cancelledItem.get();
        if (c != null) {
            throw (CancellationException) c;
        }
        @SuppressWarnings("unchecked")
        List<R> result = (List<R>) Collections.unmodifiableList(java.util.Arrays.asList(out));
        return result;
    }
}
