// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.model.ModelBudget;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * One Lincheck suite, run over every primitive (the TCK's habit: one body, many variants).
 *
 * <p>A subclass is a Lincheck test class: its {@code @Operation} methods call one fresh Weft
 * primitive (a field initialised by the no-argument constructor, since Lincheck makes a new
 * instance per invocation), and {@link #specification()} names a plain sequential class with
 * the same methods, the model the primitive must be linearizable to. Three checks run:
 *
 * <ul>
 *   <li>random scenarios of the non-blocking operations under the model checker, which
 *       explores interleavings at every shared-memory access and park;
 *   <li>the same under stress (real threads, real timing);
 *   <li>{@link #blockingScenarios()}: hand-written scenarios with untimed blocking operations
 *       ({@code get}, {@code put}, {@code acquire}, {@code await}) arranged so that every
 *       interleaving completes, under the model checker. A blocking operation is not an
 *       {@code @Operation}: in a random scenario it could wait forever, which Lincheck reports
 *       as a deadlock. In the specification such an operation throws {@link WouldBlock} where
 *       it would block; no real call ever throws that, so the verifier has to linearize the
 *       call at a point where it could complete.
 * </ul>
 *
 * <p>Budgets: {@link ModelBudget}.
 */
public abstract class LinearizabilityCheck {

    /**
     * Loop iterations after which the model checker calls a thread that no other thread can
     * stop a livelock. Its default (50) is below Weft's bounded spins (Waiter.Spin.HEAD = 64,
     * Waiter.Spin.EVENT = 128 on a multi-core machine, SpinLock's 128 polls): a lone spinner
     * that would park after its spins was reported as "livelock due to non-terminating loops".
     */
    public static final int LOOP_BOUND = 300;

    /** The sequential specification: a class with the operations' names and signatures. */
    protected abstract Class<?> specification();

    /** Scenarios with blocking operations; none by default. */
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of();
    }

    /** Operations before the parallel part of a random scenario (0 for owned locks). */
    protected int actorsBefore() {
        return 2;
    }

    /** Operations after the parallel part of a random scenario (0 for owned locks). */
    protected int actorsAfter() {
        return 2;
    }

    protected ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(ModelBudget.pick(3, 10))
                .invocationsPerIteration(ModelBudget.pick(150, 1_000))
                .loopBound(LOOP_BOUND)
                .threads(ModelBudget.pick(2, 3))
                .actorsPerThread(ModelBudget.pick(3, 3))
                .actorsBefore(actorsBefore())
                .actorsAfter(actorsAfter())
                .sequentialSpecification(specification());
    }

    protected StressOptions stress() {
        return new StressOptions()
                .iterations(ModelBudget.pick(2, 10))
                .invocationsPerIteration(ModelBudget.pick(100, 1_000))
                .threads(ModelBudget.pick(2, 3))
                .actorsPerThread(3)
                .actorsBefore(actorsBefore())
                .actorsAfter(actorsAfter())
                .sequentialSpecification(specification());
    }

    @Test
    void modelChecking_randomScenarios_linearizable() {
        Report.timed(getClass(), "model checking", () -> modelChecking().check(getClass()));
    }

    @Test
    void stress_randomScenarios_linearizable() {
        Report.timed(getClass(), "stress", () -> stress().check(getClass()));
    }

    @Test
    void modelChecking_blockingScenarios_linearizable() {
        List<ExecutionScenario> scenarios = blockingScenarios();
        if (scenarios.isEmpty()) {
            return;
        }
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(ModelBudget.pick(80, 1_000))
                .loopBound(LOOP_BOUND)
                .sequentialSpecification(specification());
        for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
        }
        Report.timed(getClass(), "blocking scenarios x" + scenarios.size(), () -> options.check(getClass()));
    }

    /** The blocking scenarios of a check class (for the broken twins, which reuse them). */
    public static List<ExecutionScenario> blockingScenariosOf(Class<? extends LinearizabilityCheck> check) {
        try {
            return check.getDeclaredConstructor().newInstance().blockingScenarios();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- building scenarios by hand, from Java ----

    /** An actor calling this test class's method {@code name} with {@code args}. */
    protected final Actor op(String name, Object... args) {
        return actor(getClass(), name, args);
    }

    static Actor actor(Class<?> c, String name, Object... args) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                    // blocking: the call may park until another thread's call; Lincheck then
                    // does not expect it to be obstruction-free.
                    return new Actor(m, Arrays.asList(args), false, true, false, false, false);
                }
            }
        }
        throw new IllegalArgumentException("no method " + name + "/" + args.length + " in " + c);
    }

    /** A scenario: {@code init} runs first, then the {@code threads} in parallel, then nothing. */
    protected static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> threads) {
        return new ExecutionScenario(init, new ArrayList<>(threads), List.of(), null);
    }

    /** Thrown by a specification's blocking operation where the real call would block. */
    public static final class WouldBlock extends RuntimeException {
        public WouldBlock() {
            super("would block", null, false, false);
        }
    }
}
