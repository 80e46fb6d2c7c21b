// SPDX-License-Identifier: Apache-2.0
package dev.weft.stress;

import dev.weft.Task;
import dev.weft.TaskGroup;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One long-lived {@link TaskGroup} per test JVM that the tests fork their victim tasks into.
 *
 * <p>jcstress creates each state object on a harness thread and runs the actors on others,
 * while a group's {@code join}/{@code close} belong to the thread that opened it; so a group per
 * state is awkward, and this group is opened once, by a daemon platform thread that then parks
 * for ever. {@code fork} may be called from any thread (TaskGroup's contract). A task that
 * failed would cancel the group, so the bodies given here must never throw anything but
 * {@link InterruptedException} (a cancellation, not a failure).
 */
final class SharedGroup {

    private static final TaskGroup GROUP = openForever();

    private SharedGroup() {}

    static <T> Task<T> fork(Callable<? extends T> body) {
        return GROUP.fork(body);
    }

    private static TaskGroup openForever() {
        Owner owner = new Owner();
        Thread.ofPlatform().daemon().name("weft-stress-shared-group").start(owner);
        try {
            owner.opened.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the shared group", e);
        }
        return owner.group;
    }

    /**
     * The opener's code, in its own class: a lambda would be a method of SharedGroup, which the
     * owner thread could not run before SharedGroup's initialiser (waiting for it) returns.
     */
    private static final class Owner implements Runnable {
        final CountDownLatch opened = new CountDownLatch(1);
        volatile TaskGroup group;

        @Override
        public void run() {
            group = TaskGroup.open("stress");
            opened.countDown();
            while (true) {
                LockSupport.park(); // never joins: the group lives as long as the JVM
            }
        }
    }
}
