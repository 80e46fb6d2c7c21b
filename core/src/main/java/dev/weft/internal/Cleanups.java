// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which threads run a {@code Weft.cleanup} body now, so that a cancellation of one of their
 * enclosing scopes holds its interrupt off until the cleanup ends (Trio's shielded cancel
 * scope, Kotlin's {@code NonCancellable}).
 */
/*
 * Implementation notes.
 *
 * ACTIVE maps a thread to its innermost cleanup scope while one runs (cleanups nest: each entry
 * remembers the one it replaced and puts it back as it ends). Scope.interruptOwner asks
 * deferred(owner, canceller) before interrupting: if the owner runs a cleanup and the canceller
 * is not the cleanup scope or a scope inside it, the interrupt is held off (the cleanup scope's
 * `deferral` goes DEFERRED) instead of delivered. The cleanup's owner, leaving, swaps `deferral`
 * to EXITED; a canceller that finds EXITED interrupts as usual. So the interrupt is delivered
 * either by the canceller or by the owner as it leaves, never lost, never inside the body.
 * Held off at an inner cleanup's end, it passes to the enclosing cleanup if there is one.
 *
 * The cost outside cleanups is one ConcurrentHashMap.isEmpty() per interrupt Weft delivers.
 */
final class Cleanups {

    private static final ConcurrentHashMap<Thread, DeadlineScope> ACTIVE = new ConcurrentHashMap<>();

    private Cleanups() {}

    /** The calling thread enters {@code s}; returns the cleanup it was already in, or null. */
    static DeadlineScope enter(DeadlineScope s) {
        return ACTIVE.put(Thread.currentThread(), s);
    }

    /**
     * The calling thread leaves {@code s}, back into {@code outer} (or no cleanup).
     *
     * @return true if the caller must re-assert its interrupt (one was held off, and no outer
     *     cleanup takes it over)
     */
    static boolean exit(DeadlineScope s, DeadlineScope outer) {
        if (outer == null) {
            ACTIVE.remove(Thread.currentThread());
        } else {
            ACTIVE.put(Thread.currentThread(), outer);
        }
        boolean held = s.endDeferral();
        if (held && outer != null && outer.deferInterrupt()) {
            return false; // the enclosing cleanup holds it off now
        }
        return held;
    }

    /**
     * Called by {@code canceller} before it interrupts {@code owner}: true if the owner runs a
     * cleanup that the canceller is outside of, in which case the interrupt is held off.
     */
    static boolean deferred(Thread owner, Scope canceller) {
        if (ACTIVE.isEmpty()) {
            return false;
        }
        DeadlineScope c = ACTIVE.get(owner);
        if (c == null) {
            return false;
        }
        for (Scope s = canceller; s != null; s = s.parent) {
            if (s == c) {
                return false; // the cleanup's own deadline, or a scope inside it
            }
        }
        return c.deferInterrupt();
    }
}
