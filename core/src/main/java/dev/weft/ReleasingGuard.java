// SPDX-License-Identifier: Apache-2.0
package dev.weft;

/** The {@link Guard} Weft hands out: runs its release action once, then refuses. */
final class ReleasingGuard implements Guard {

    private final Runnable release;
    // Only the task that obtained the guard closes it; no cross-thread publication needed.
    private boolean closed;

    ReleasingGuard(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        if (closed) {
            throw new IllegalStateException("this Guard was already closed");
        }
        release.run();
        closed = true;
    }
}
