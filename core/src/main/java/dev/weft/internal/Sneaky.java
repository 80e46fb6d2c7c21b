// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/** Rethrows a body's exception as it is, checked or not, where the caller declared it. */
public final class Sneaky {

    private Sneaky() {}

    /**
     * Throws {@code t} unchanged. Declared to return an exception so call sites can write
     * {@code throw Sneaky.rethrow(t)} and keep the compiler's flow analysis.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
