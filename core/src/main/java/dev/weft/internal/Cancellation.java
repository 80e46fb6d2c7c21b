package dev.weft.internal;

/**
 * The one mechanism every blocking Weft call uses to honour cancellation: which scope the
 * calling thread is in, and the checkpoint that throws if that scope (or any enclosing one)
 * has been cancelled.
 *
 * <p>Every blocking method of Weft starts with {@link #checkpoint()}, so a cancelled task that
 * swallowed an {@link InterruptedException} gets another one from its next blocking Weft call
 * (sticky, level-triggered cancellation, as in Trio and Kotlin). Primitives that park call
 * {@link #isCancelled()} again after each wake-up.
 */
public final class Cancellation {

    /** The innermost scope the current thread is in; null on threads outside Weft. */
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private Cancellation() {}

    /** The innermost scope of the current thread, or null. */
    public static Scope current() {
        return CURRENT.get();
    }

    /** Makes {@code scope} current for this thread. Only Weft's scopes call this. */
    static void setCurrent(Scope scope) {
        CURRENT.set(scope);
    }

    /**
     * Enters {@code child} on the current thread: it becomes current and is registered with the
     * previously current scope, so that cancelling that scope cancels it too.
     *
     * @return the previously current scope, to hand back to {@link #leave}
     */
    static Scope enter(Scope child) {
        Scope prev = CURRENT.get();
        CURRENT.set(child);
        if (prev != null) {
            prev.attachInner(child);
        }
        return prev;
    }

    /** Leaves {@code child}, restoring {@code prev} as current. */
    static void leave(Scope child, Scope prev) {
        if (prev != null) {
            prev.detachInner(child);
            CURRENT.set(prev);
        } else {
            CURRENT.remove();
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
            throw new InterruptedException();
        }
        Scope s = CURRENT.get();
        if (s != null) {
            Scope c = s.cancelledScope();
            if (c != null) {
                throw cancelled(c);
            }
        }
    }

    /** True if the current thread's scope, or an enclosing one, has been cancelled. */
    public static boolean isCancelled() {
        Scope s = CURRENT.get();
        return s != null && s.isScopeCancelled();
    }

    /**
     * For primitives that were woken without a hand-off: throws if the thread was interrupted
     * or its scope cancelled, else returns. Same as {@link #checkpoint()}.
     */
    public static void recheck() throws InterruptedException {
        checkpoint();
    }

    private static InterruptedException cancelled(Scope c) {
        return new InterruptedException(c.describe() + " was " + c.reason().text());
    }
}
