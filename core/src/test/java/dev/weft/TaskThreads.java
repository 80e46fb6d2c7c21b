// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records the threads and tasks a test starts, so it can check that every one of them had ended
 * when its group ended (structured concurrency: nothing outlives its group).
 */
final class TaskThreads {

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Task<?>> tasks = new CopyOnWriteArrayList<>();

    /** Forks {@code body} into {@code tg}, recording its task and its thread. */
    <T> Task<T> fork(TaskGroup tg, Callable<? extends T> body) {
        Task<T> t = tg.fork(() -> {
            enter();
            return body.call();
        });
        tasks.add(t);
        return t;
    }

    /** Forks {@code body} and returns its thread once it runs (for a test that interrupts it). */
    Thread forkAndGetThread(TaskGroup tg, Callable<?> body) throws InterruptedException {
        AtomicReference<Thread> th = new AtomicReference<>();
        Event started = new Event();
        fork(tg, () -> {
            th.set(Thread.currentThread());
            started.set();
            return body.call();
        });
        started.await();
        return th.get();
    }

    /** Records the calling thread (for code started by something else: an executor, a library). */
    void enter() {
        threads.add(Thread.currentThread());
    }

    /** Records a task started some other way. */
    void add(Task<?> t) {
        tasks.add(t);
    }

    int threadCount() {
        return threads.size();
    }

    /** Every recorded task is done and every recorded thread has terminated. */
    void assertAllEnded() {
        assertThat(tasks)
                .allSatisfy(t -> assertThat(t.isDone()).as("task %s done", t).isTrue());
        assertThat(threads)
                .allSatisfy(
                        t -> assertThat(t.isAlive()).as("thread %s alive", t).isFalse());
    }
}
