// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * Carries thread-bound context (SLF4J's MDC, a tracing context, a security context) from the
 * thread that starts Weft work to the thread that runs it: asyncio's {@code contextvars}, which
 * every task gets a copy of; Kotlin's {@code ThreadContextElement} (its {@code MDCContext}).
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=ContextPropagator :
 * Weft.addContextPropagator(new ContextPropagator() {
 *     public Object capture() {
 *         return RequestContext.current(); // in the forking thread
 *     }
 *
 *     public Restored restore(Object captured) {
 *         RequestContext previous = RequestContext.current();
 *         RequestContext.set((RequestContext) captured); // in the task's thread
 *         return () -> RequestContext.set(previous); // after the body
 *     }
 * });
 * }
 *
 * <p>Weft calls {@link #capture()} in the thread that starts user code on another thread (a
 * {@code fork}, every combinator, {@code asCompleted}, {@code Weft.run}, {@code shield},
 * {@code toThread}), then {@link #restore(Object)} in the thread that runs it, right before the
 * body, and {@link Restored#close()} right after the body, in that thread. Weft's own threads
 * (its timer, the {@code toThread} pool between calls) never carry captured context.
 *
 * <p>Register propagators with {@link java.util.ServiceLoader} ({@code provides
 * dev.weft.ContextPropagator with ...} in a module, or
 * {@code META-INF/services/dev.weft.ContextPropagator} on the class path; loaded once, when Weft
 * first starts work) or with {@link Weft#addContextPropagator(ContextPropagator)}. SLF4J's MDC
 * is propagated by default; {@code -Dweft.context.mdc=false} turns that off.
 *
 * <p><b>Contract.</b> A {@code null} from {@code capture()} means there is nothing to carry:
 * {@code restore} is not called for it. Propagators run in the order they were registered
 * (ServiceLoader ones first); {@code close()} runs in the reverse order. A propagator that throws
 * (from any of its methods) is logged once at WARN through SLF4J and skipped for that piece of
 * work; it stays registered, and the work still runs. They run on every fork, so keep them
 * cheap: a capture that finds nothing to carry should return {@code null} without allocating.
 *
 * <p><b>Memory effects.</b> Everything the forking thread did before {@code capture()}
 * happens-before {@code restore} runs in the task's thread.
 * @since 0.1
 */
public interface ContextPropagator {

    /**
     * Captures the calling thread's context. Runs in the thread that starts the work.
     *
     * @return what to hand to {@link #restore(Object)} in the work's thread, or {@code null}
     *     for nothing to carry
     * @since 0.1
     */
    @Nullable
    Object capture();

    /**
     * Installs {@code captured} in the calling thread, the one about to run the work.
     *
     * @param captured what {@link #capture()} returned (never null)
     * @return what undoes it after the body; never null
     * @since 0.1
     */
    Restored restore(Object captured);

    /** Undoes a {@link #restore(Object)}: puts back what the thread had before. * @since 0.1
     * /** Undoes a {@link #restore(Object)}: puts back what the thread had before. */
    interface Restored extends AutoCloseable {
        /** Undoes the restore; must not throw a checked exception. * @since 0.1
         * /** Undoes the restore; must not throw a checked exception. */
        @Override
        void close();
    }
}
