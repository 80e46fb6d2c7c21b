// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

/** Prints how long a check took, for stress-tests/RESULTS.md. */
final class Report {
    private Report() {}

    static void timed(Class<?> test, String what, Runnable check) {
        long start = System.nanoTime();
        check.run();
        System.out.printf(
                "[model] %s %s: passed in %d ms%n",
                test.getSimpleName(), what, (System.nanoTime() - start) / 1_000_000);
    }
}
