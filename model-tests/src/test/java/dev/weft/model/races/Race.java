// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.races;

import dev.weft.model.ModelBudget;
import dev.weft.model.lincheck.LinearizabilityCheck;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckSettings;

/**
 * Helpers for model-checked races: {@link #check} hands a block to Lincheck's general-purpose
 * model checker ({@link Lincheck#runConcurrentTest}), which runs it again and again, each time
 * under a different schedule of the threads the block starts, switching threads at shared
 * memory accesses, parks, unparks and interrupts. A block that throws, or whose threads can no
 * longer all finish (a lost wake-up), fails the check with the schedule that led there.
 *
 * <p>The threads are platform threads: Lincheck 3.7 cannot manage virtual threads (joining one
 * from a managed thread fails inside Lincheck with a NullPointerException). Checks inside the
 * block use plain {@code if}/{@code throw}: AssertJ's assertion objects misbehave under
 * Lincheck's instrumentation.
 */
final class Race {
    private Race() {}

    /**
     * Lincheck's defaults (the public runConcurrentTest uses them) but for the loop bound,
     * raised as in the data-structure checks ({@link LinearizabilityCheck#LOOP_BOUND}): at 50,
     * a waiter's bounded spin before it parks (Waiter.Spin.HEAD, 64 polls) is reported as a
     * livelock. Lincheck 3.7 takes settings only through this internal entry point (public in
     * the bytecode, as Kotlin compiles {@code internal}), so the version is pinned in the pom.
     */
    private static final LincheckSettings SETTINGS =
            new LincheckSettings(true, 10, LinearizabilityCheck.LOOP_BOUND, 20);

    /** Default schedules per check: {@code ci} or {@code full} budget. */
    static int invocations() {
        return ModelBudget.pick(400, 6_000);
    }

    /**
     * Model-checks {@code block} over {@link #invocations()} schedules. The block returns a label
     * of the outcome it saw (who won the race); the check also requires that the schedules
     * explored reached at least two different outcomes, so a race that the checker never
     * actually ran both ways cannot pass unnoticed.
     */
    static void check(Class<?> test, String name, Supplier<String> block) {
        long start = System.nanoTime();
        int n = invocations();
        // Lincheck restores the objects an invocation touched before the next one (so a Set
        // captured here would come back empty); the system properties survive.
        String key = "weft.model.outcome." + test.getSimpleName() + "." + name.replace(' ', '_') + ".";
        Lincheck.runConcurrentTestInternal$lincheck(n, SETTINGS, () -> System.setProperty(key + block.get(), "seen"));
        Set<String> seen = new TreeSet<>();
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith(key)) {
                seen.add(p.substring(key.length()));
            }
        }
        System.out.printf(
                "[model] %s %s: %d schedules passed in %d ms, outcomes %s%n",
                test.getSimpleName(), name, n, (System.nanoTime() - start) / 1_000_000, seen);
        require(seen.size() >= 2, "the schedules explored reached only " + seen + " in " + name);
    }

    /** What a racing call did. */
    enum Outcome {
        NOT_RUN,
        RETURNED,
        INTERRUPTED
    }

    /** A started platform thread whose call's outcome and value are kept. */
    static final class Racer<T> {
        final Thread thread;
        volatile Outcome outcome = Outcome.NOT_RUN;
        volatile T value;
        /** Set by {@link #interrupt()} once {@code thread.interrupt()} has returned. */
        private volatile boolean interruptDelivered;
        /** The call returned normally after the interrupt was delivered, with the status clear. */
        volatile boolean swallowedInterrupt;
        /** The call returned normally with the interrupt status set: the hand-off won the race. */
        volatile boolean keptInterrupt;

        Racer(Callable<T> call) {
            thread = new Thread(() -> {
                try {
                    value = call.call();
                    outcome = Outcome.RETURNED;
                    // Read the flag first: if the interrupt was delivered before this read, the
                    // status must be set now (Weft re-asserts it when a hand-off wins; nobody
                    // clears it after the call returned).
                    boolean delivered = interruptDelivered;
                    boolean set = Thread.currentThread().isInterrupted();
                    swallowedInterrupt = delivered && !set;
                    keptInterrupt = set;
                } catch (InterruptedException e) {
                    outcome = Outcome.INTERRUPTED;
                } catch (Exception e) {
                    throw new AssertionError("unexpected " + e, e);
                }
            });
            thread.start();
        }

        /**
         * Interrupts the racer's thread from a new thread, so that the interrupt is one more
         * racing party the checker schedules (from the main thread it would land before the
         * other threads got to run: the checker does not switch away at Thread.interrupt).
         */
        Racer<Void> interruptConcurrently() {
            return start(() -> {
                interrupt();
                return null;
            });
        }

        /** Interrupts the racer's thread. */
        void interrupt() {
            thread.interrupt();
            interruptDelivered = true;
        }

        Racer<T> join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return this;
        }

        /** INTERRUPTED, RETURNED, or RETURNED_KEEPING_INTERRUPT (the hand-off beat the interrupt). */
        String label() {
            return returned() && keptInterrupt ? "RETURNED_KEEPING_INTERRUPT" : outcome.toString();
        }

        boolean returned() {
            return outcome == Outcome.RETURNED;
        }

        boolean interrupted() {
            return outcome == Outcome.INTERRUPTED;
        }
    }

    static <T> Racer<T> start(Callable<T> call) {
        return new Racer<>(call);
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
