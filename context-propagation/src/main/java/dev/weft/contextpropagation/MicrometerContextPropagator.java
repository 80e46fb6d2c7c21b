// SPDX-License-Identifier: Apache-2.0
package dev.weft.contextpropagation;

import dev.weft.ContextPropagator;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * A {@link ContextPropagator} over Micrometer's context-propagation: the values of every
 * {@code ThreadLocalAccessor} registered with {@link ContextRegistry#getInstance()} (OpenTelemetry
 * through micrometer-tracing, Spring Security, Reactor, SLF4J's MDC with
 * {@code Slf4jThreadLocalAccessor}) are captured in the thread that starts Weft work and set in
 * the thread that runs it, around the body, then restored.
 *
 * <p>Putting {@code dev.weft:weft-context-propagation} on the class or module path is enough:
 * Weft finds this propagator through {@link java.util.ServiceLoader}. It is the equivalent of
 * wrapping every task with {@code ContextSnapshot.wrap}. Accessors registered after Weft first
 * started work are seen too (the registry is read at every capture).
 *
 * <p>With SLF4J's MDC registered here as well, turn Weft's own MDC propagation off
 * ({@code -Dweft.context.mdc=false}) so that it is not carried twice (harmless, but twice the
 * work).
 *
 * @since 0.1
 */
public final class MicrometerContextPropagator implements ContextPropagator {

    private final ContextSnapshotFactory factory;

    /** The propagator over {@link ContextRegistry#getInstance()}, as ServiceLoader makes it. */
    public MicrometerContextPropagator() {
        this(ContextRegistry.getInstance());
    }

    /**
     * A propagator over {@code registry}, to register with {@code Weft.addContextPropagator}.
     *
     * @param registry the accessors to carry
     */
    public MicrometerContextPropagator(ContextRegistry registry) {
        this.factory = ContextSnapshotFactory.builder()
                .contextRegistry(registry)
                .clearMissing(true)
                .build();
    }

    /**
     * Captures every registered accessor's value in the calling thread.
     *
     * @return the snapshot (never null: Micrometer gives no cheap way to tell an empty one)
     */
    @Override
    public Object capture() {
        return factory.captureAll();
    }

    /**
     * Sets the captured values in the calling thread (and clears those of accessors that had
     * none, {@code clearMissing}).
     *
     * @param captured a snapshot from {@link #capture()}
     * @return what puts back the thread's previous values
     */
    @Override
    public Restored restore(Object captured) {
        ContextSnapshot.Scope scope = ((ContextSnapshot) captured).setThreadLocals();
        return scope::close;
    }
}
