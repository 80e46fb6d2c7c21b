// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * The one mechanism every blocking Weft call uses to honour cancellation: which scope the
 * calling thread is in, and the checkpoint that throws if that scope (or any enclosing one)
 * has been cancelled.
 *
 * <p>Every blocking method of Weft starts with {@link #checkpoint()}, so a cancelled task that
 * swallowed an {@link InterruptedException} gets another one from its next blocking Weft call
 * (sticky, level-triggered cancellation, as in Trio and Kotlin). A {@link Waiter} calls
 * {@link #isCancelled()} again after each wake-up.
 */
/*
 * Implementation notes.
 *
 * Where is "the current scope" of a thread? For a thread Weft created for a task, in a field of
 * its ForkedTask; for any other thread (an opener on a platform thread, a toThread worker), in
 * a ThreadLocal. A ThreadLocal on every task would cost each virtual thread its own
 * ThreadLocalMap (about 160 bytes and tens of nanoseconds at fork), and ScopedValue is a
 * preview API on Java 21. So a task's thread carries its ForkedTask as its
 * UncaughtExceptionHandler, a per-thread slot Java 21 offers without allocation;
 * ForkedTask.uncaughtException forwards to the default handling, so the slot keeps its
 * meaning. Code that replaces a task thread's handler makes Weft fall back to the ThreadLocal
 * for that thread, which then starts empty: cancellation by interrupt still works, while
 * sticky checks and deadlines lose sight of the task's scopes.
 */
public final class Cancellation {

    /** The innermost scope of a thread that is not a Weft task; null outside Weft. */
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /**
     * False until some thread that is not a Weft task first enters a Weft scope; never reset.
     * While it is false, such threads skip the ThreadLocal lookup (a hash probe that was most of
     * the checkpoint of every queue operation on plain virtual threads, QueueBenchmark). Exact
     * for the calling thread: a thread raises it before it sets its own slot, so it never reads
     * false while its slot is set. Written once, so readers share the line without contention
     * (a count of holders, tried first, put two atomic updates on one shared line in every
     * Weft.run from a plain thread).
     */
    private static volatile boolean anyLocal;

    private Cancellation() {}

    /** The task the current thread runs, or null (not a Weft task's thread). */
    public static ForkedTask<?> currentTask() {
        return taskOf(Thread.currentThread());
    }

    /** The task {@code t} runs, or null (not a Weft task's thread). */
    static ForkedTask<?> taskOf(Thread t) {
        return t.isVirtual() && t.getUncaughtExceptionHandler() instanceof ForkedTask<?> f ? f : null;
    }

    /** The innermost scope of the current thread, or null. */
    public static Scope current() {
        Thread t = Thread.currentThread();
        ForkedTask<?> f = taskOf(t);
        if (f != null) {
            return f.current;
        }
        return anyLocal ? CURRENT.get() : null;
    }

    /** Sets this (non-task) thread's CURRENT slot, raising {@link #anyLocal} first. */
    private static void setLocal(Scope scope) {
        if (scope == null) {
            CURRENT.remove();
            return;
        }
        if (!anyLocal) {
            anyLocal = true;
        }
        CURRENT.set(scope);
    }

    /** Makes {@code scope} current for this thread. Only Weft's scopes call this. */
    static void setCurrent(Scope scope) {
        ForkedTask<?> f = taskOf(Thread.currentThread());
        if (f != null) {
            f.current = scope;
        } else {
            setLocal(scope);
        }
    }

    /**
     * Enters {@code child} on the current thread: it becomes current and is registered with the
     * previously current scope, so that cancelling that scope cancels it too.
     *
     * @return the previously current scope, to hand back to {@link #leave}
     */
    static Scope enter(Scope child) {
        Scope prev = current();
        setCurrent(child);
        if (prev != null) {
            prev.attachInner(child);
        }
        return prev;
    }

    /** Leaves {@code child}, restoring {@code prev} as current. */
    static void leave(Scope child, Scope prev) {
        if (prev != null) {
            prev.detachInner(child);
        }
        ForkedTask<?> f = taskOf(Thread.currentThread());
        if (f != null) {
            f.current = prev;
        } else {
            setLocal(prev);
        }
    }

    /**
     * Throws if the current thread is interrupted (clearing the status, as j.u.c does) or if its
     * scope, or any enclosing scope, has been cancelled.
     *
     * @throws InterruptedException if interrupted or cancelled
     */
    public static void checkpoint() throws InterruptedException {
        if (Thread.interrupted()) {
            throw interruptedException();
        }
        Scope s = current();
        if (s != null && s.isScopeCancelled()) {
            throw new InterruptedException(s.cancelMessage());
        }
    }

    /**
     * The exception every blocking Weft call throws when it gives up because of an interrupt
     * or a cancellation (the interrupt status already cleared): one message from every call,
     * naming the cancelled scope and why (for a task, {@code Task 'worker' was cancelled}). An
     * interrupt from outside Weft cancels the group whose body the thread runs, if any (then the
     * message names that group), else gets the JDK's message, none.
     */
    static InterruptedException interruptedException() {
        Scope s = current();
        if (s == null) {
            return new InterruptedException();
        }
        if (!s.isScopeCancelled()) {
            // Nothing around is cancelled, so the interrupt came from outside Weft (Weft cancels
            // a scope before it interrupts its owner). In a group's body it cancels the group,
            // as it does when it reaches the opener waiting in join or close: it must not be
            // lost if the body replaces this exception (asyncio gh-95289, PRIOR-ART A14).
            Group g = groupOfBody(s);
            if (g != null) {
                g.interruptedFromOutside();
                Thread.interrupted(); // the group's own interrupt of its opener, this thread
            }
        }
        return new InterruptedException(s.cancelMessage());
    }

    /**
     * The innermost group whose body the current thread runs, from {@code s} up to (not past)
     * the task the thread runs, or null.
     */
    private static Group groupOfBody(Scope s) {
        Thread me = Thread.currentThread();
        for (; s != null && !(s instanceof ForkedTask<?>); s = s.parent) {
            if (s instanceof Group g && g.opener() == me) {
                return g;
            }
        }
        return null;
    }

    /** True if the current thread's scope, or an enclosing one, has been cancelled. */
    public static boolean isCancelled() {
        Scope s = current();
        return s != null && s.isScopeCancelled();
    }
}
