// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.ContextPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The registered {@link ContextPropagator}s, and capture / restore / close over all of them for
 * one piece of work (a task, a toThread call).
 */
/*
 * Implementation notes.
 *
 * `REGISTERED` holds an immutable array, replaced copy-on-write by a CAS loop (adds are rare,
 * reads are on every fork). It is built on first use: the ServiceLoader propagators, then SLF4J's MDC (unless
 * -Dweft.context.mdc=false), then the ones added with Weft.addContextPropagator.
 *
 * capture() returns null when nothing is to be carried (no propagator, or every capture was
 * null), so the common case (empty MDC) costs one MDC lookup and no allocation per fork, and
 * the task's thread restores nothing. Otherwise an Object[] with one slot per propagator of
 * that moment's array: the array itself is kept in slot 0, so a propagator added later does
 * not shift the slots of work captured before.
 *
 * A propagator that throws is logged once (its Entry's flag) and skipped for that piece of
 * work; the work still runs.
 */
public final class Contexts {

    private static final Logger LOG = LoggerFactory.getLogger(ContextPropagator.class);

    /** One registered propagator and whether its failure has been logged. */
    private record Entry(ContextPropagator propagator, AtomicBoolean logged) {
        Entry(ContextPropagator p) {
            this(p, new AtomicBoolean());
        }

        void failed(String what, Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            if (logged.compareAndSet(false, true)) {
                LOG.warn(
                        "Context propagator {} threw in {}; skipped for that work (logged once)",
                        propagator.getClass().getName(),
                        what,
                        t);
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<Entry[]> REGISTERED =
            new java.util.concurrent.atomic.AtomicReference<>();

    private Contexts() {}

    private static Entry[] registered() {
        Entry[] r = REGISTERED.get();
        if (r == null) {
            REGISTERED.compareAndSet(null, initial());
            r = REGISTERED.get();
        }
        return r;
    }

    private static Entry[] initial() {
        List<Entry> out = new ArrayList<>();
        try {
            for (ContextPropagator p : ServiceLoader.load(ContextPropagator.class)) {
                out.add(new Entry(p));
            }
        } catch (java.util.ServiceConfigurationError e) {
            LOG.warn("A ContextPropagator listed for ServiceLoader could not be loaded; it is skipped", e);
        }
        if (!"false"
                .equalsIgnoreCase(System.getProperty("weft.context.mdc", "true").trim())) {
            out.add(new Entry(new MdcPropagator()));
        }
        return out.toArray(new Entry[0]);
    }

    /** {@code Weft.addContextPropagator}: appends {@code p}. */
    public static void add(ContextPropagator p) {
        for (; ; ) {
            Entry[] r = registered();
            Entry[] n = java.util.Arrays.copyOf(r, r.length + 1);
            n[r.length] = new Entry(p);
            if (REGISTERED.compareAndSet(r, n)) {
                return;
            }
        }
    }

    /** Captures the calling thread's context; null if there is nothing to carry. */
    static Object[] capture() {
        Entry[] r = registered();
        if (r.length == 0) {
            return null;
        }
        Object[] out = null;
        for (int i = 0; i < r.length; i++) {
            Object c;
            try {
                c = r[i].propagator().capture();
            } catch (Throwable t) {
                r[i].failed("capture()", t);
                c = null;
            }
            if (c != null) {
                if (out == null) {
                    out = new Object[r.length + 1];
                    out[0] = r;
                }
                out[i + 1] = c;
            }
        }
        return out;
    }

    /**
     * Restores what {@link #capture()} returned, in the calling thread.
     *
     * @return what {@link #close} undoes; null if {@code captured} is null
     */
    static ContextPropagator.Restored[] restore(Object[] captured) {
        if (captured == null) {
            return null;
        }
        Entry[] r = (Entry[]) captured[0];
        ContextPropagator.Restored[] out = new ContextPropagator.Restored[r.length];
        for (int i = 0; i < r.length; i++) {
            Object c = captured[i + 1];
            if (c == null) {
                continue;
            }
            try {
                out[i] = r[i].propagator().restore(c);
            } catch (Throwable t) {
                r[i].failed("restore()", t);
            }
        }
        return out;
    }

    /** Undoes a {@link #restore}, in reverse order. */
    static void close(Object[] captured, ContextPropagator.Restored[] restored) {
        if (restored == null) {
            return;
        }
        Entry[] r = (Entry[]) captured[0];
        for (int i = restored.length - 1; i >= 0; i--) {
            if (restored[i] != null) {
                try {
                    restored[i].close();
                } catch (Throwable t) {
                    r[i].failed("Restored.close()", t);
                }
            }
        }
    }

    /** SLF4J's MDC: the default propagator. */
    static final class MdcPropagator implements ContextPropagator {
        @Override
        public Object capture() {
            Map<String, String> m = MDC.getCopyOfContextMap();
            return m == null || m.isEmpty() ? null : m;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Restored restore(Object captured) {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            MDC.setContextMap((Map<String, String>) captured);
            if (previous == null || previous.isEmpty()) {
                return MDC::clear;
            }
            return () -> MDC.setContextMap(previous);
        }
    }
}
