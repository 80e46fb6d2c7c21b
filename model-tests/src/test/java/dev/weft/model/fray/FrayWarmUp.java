// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

/**
 * Initialises, before Fray takes over the scheduling, the Weft classes whose initialisation
 * Fray cannot schedule: the JFR event classes (JFR registers an event class when it is first
 * initialised, which adds module exports under a lock Fray does not model, so two threads that
 * race to it under Fray deadlock in class initialisation). A plain JVM initialises them at the
 * first contended wait, task end or cancellation, as it should. Each Fray test class calls
 * {@link #classes()} from its static initialiser, which JUnit runs outside Fray.
 */
final class FrayWarmUp {

    private static final String[] CLASSES = {
        "dev.weft.internal.jfr.ContendedWaitEvent",
        "dev.weft.internal.jfr.TaskEndEvent",
        "dev.weft.internal.jfr.CancellationEvent",
        "dev.weft.internal.jfr.DeadlockEvent",
        "dev.weft.internal.jfr.LockOrderViolationEvent",
    };

    private FrayWarmUp() {}

    static void classes() {
        for (String c : CLASSES) {
            try {
                Class.forName(c, true, FrayWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("Weft no longer has " + c + ": update FrayWarmUp", e);
            }
        }
    }
}
