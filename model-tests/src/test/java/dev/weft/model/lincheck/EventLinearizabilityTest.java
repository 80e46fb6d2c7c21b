// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Event;
import java.time.Duration;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * {@link Event} is linearizable to a flag: {@code await(ZERO)} reports it, {@code set} and
 * {@code clear} write it. Blocking {@code await()} is checked in scenarios where a set comes.
 */
public class EventLinearizabilityTest extends LinearizabilityCheck {

    private final Event event = new Event();

    @Operation
    public void set() {
        event.set();
    }

    @Operation
    public void clear() {
        event.clear();
    }

    @Operation
    public boolean isSet() {
        return event.isSet();
    }

    @Operation
    public boolean awaitZero() throws InterruptedException {
        return event.await(Duration.ZERO);
    }

    /** Blocking: only in {@link #blockingScenarios()}. */
    public void await() throws InterruptedException {
        event.await();
    }

    /** The model: one flag. */
    public static class Spec {
        boolean flag;

        public void set() {
            flag = true;
        }

        public void clear() {
            flag = false;
        }

        public boolean isSet() {
            return flag;
        }

        public boolean awaitZero() {
            return flag;
        }

        public void await() {
            if (!flag) {
                throw new WouldBlock();
            }
        }
    }

    @Override
    protected Class<?> specification() {
        return Spec.class;
    }

    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                scenario(List.of(), List.of(List.of(op("await"), op("isSet")), List.of(op("set")))),
                // Two waiters and a set: both wake (a set reaches every waiter).
                scenario(List.of(), List.of(List.of(op("await")), List.of(op("await")), List.of(op("set")))),
                // A set at once followed by a clear (a pulse), then a set again (so that a waiter
                // that came after the pulse is not stranded): a waiter inside await() during the
                // pulse returns on it, linearized between that set and its clear.
                scenario(
                        List.of(),
                        List.of(List.of(op("await"), op("awaitZero")), List.of(op("set"), op("clear"), op("set")))));
    }
}
