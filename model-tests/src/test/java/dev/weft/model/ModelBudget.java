// SPDX-License-Identifier: Apache-2.0
package dev.weft.model;

/**
 * How much exploring a run may do: {@code -Dweft.model=ci} (the default, the slice that
 * {@code ./mvnw -B verify} runs) or {@code -Dweft.model=full} ({@code stress-tests/run model}).
 */
public final class ModelBudget {
    private ModelBudget() {}

    /** True for the full run. */
    public static boolean full() {
        return "full".equals(System.getProperty("weft.model", "ci"));
    }

    /** {@code ci} in the CI slice, {@code full} in the full run. */
    public static int pick(int ci, int full) {
        return full() ? full : ci;
    }
}
