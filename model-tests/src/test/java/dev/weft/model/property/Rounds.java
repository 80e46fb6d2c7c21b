// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.property;

import dev.weft.model.ModelBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The frame of a property test: many short rounds, each seeded ({@code seed + round}), each
 * starting its workers on virtual threads in even rounds and platform threads in odd ones, with
 * an interrupter thread firing interrupts at random workers. The schedule is the machine's (so
 * which calls get interrupted varies), but the checked properties must hold in every schedule,
 * so the outcome is deterministic. No timing is asserted.
 */
final class Rounds {
    private Rounds() {}

    /** The base seed: {@code -Dweft.model.seed=N} to change it. */
    static final long SEED = Long.getLong("weft.model.seed", 20L);

    static int rounds() {
        return ModelBudget.pick(5_000, 50_000);
    }

    /** One round's workers and interrupter. */
    static final class Round {
        final int index;
        final Random random;
        final boolean virtual;
        private final List<Thread> workers = new ArrayList<>();
        private volatile Throwable failure;

        Round(int index) {
            this.index = index;
            this.random = new Random(SEED + index);
            this.virtual = index % 2 == 0;
        }

        /** Starts a worker; a worker that throws fails the round. */
        void worker(ThrowingRunnable body) {
            Runnable r = () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                }
            };
            workers.add(
                    virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r));
        }

        /**
         * Interrupts random workers {@code count} times, yielding between interrupts, then
         * waits for every worker; rethrows a worker's failure, naming the round and seed.
         */
        void interruptAndJoin(int count) throws InterruptedException {
            Random pick = new Random(random.nextLong());
            for (int i = 0; i < count; i++) {
                workers.get(pick.nextInt(workers.size())).interrupt();
                for (int spins = ThreadLocalRandom.current().nextInt(64); spins > 0; spins--) {
                    Thread.onSpinWait();
                }
                Thread.yield();
            }
            for (Thread t : workers) {
                t.join();
            }
            if (failure != null) {
                throw new AssertionError(describe() + ": " + failure, failure);
            }
        }

        String describe() {
            return "round " + index + " (seed " + (SEED + index) + ", " + (virtual ? "virtual" : "platform")
                    + " threads)";
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
