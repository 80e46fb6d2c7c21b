// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * Makes Weft's own threads (the timer, the {@code toThread} pool, the sts fork server): daemon
 * threads that inherit nothing from whichever thread happened to create them.
 */
/*
 * A thread normally copies its creator's InheritableThreadLocals. Weft creates its own threads
 * lazily, from whatever thread first needs one (a request handler, say), so a copy would hand
 * that request's inheritable context (a user id, an MDC map under some adapters) to every later
 * call that happens to run on the thread. So none is copied.
 */
public final class WeftThreads {

    private WeftThreads() {}

    /** An unstarted daemon platform thread named {@code name} that inherits no thread-locals. */
    public static Thread platform(String name, Runnable task) {
        return Thread.ofPlatform()
                .name(name)
                .daemon(true)
                .inheritInheritableThreadLocals(false)
                .unstarted(task);
    }

    /** An unstarted virtual thread named {@code name} that inherits no thread-locals. */
    public static Thread virtual(String name, Runnable task) {
        return Thread.ofVirtual()
                .name(name)
                .inheritInheritableThreadLocals(false)
                .unstarted(task);
    }

    /**
     * How messages name a thread: {@code task 'g/a'} for a Weft task (its thread's name is its
     * group's and its own), else {@code thread 'main'} (or {@code thread #42} if unnamed).
     */
    public static String describe(Thread t) {
        if (t.isVirtual() && t.getUncaughtExceptionHandler() instanceof ForkedTask<?> task) {
            return "task '" + task.threadName() + "'"; // its thread may not have named itself yet
        }
        String n = t.getName();
        return n.isEmpty() ? "thread #" + t.threadId() : "thread '" + n + "'";
    }
}
