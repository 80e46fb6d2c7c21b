// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.sts;

import dev.weft.internal.Group;
import dev.weft.internal.Launcher;

/**
 * The {@code sts} engine: task groups whose tasks run inside the JDK's
 * {@code StructuredTaskScope} (JDK 25, preview). Compiled separately with
 * {@code --release 25 --enable-preview}; {@code Engines} loads it only where the runtime can.
 */
public final class StsEngine implements Launcher.Engine {

    /** The engine's name, as {@code -Dweft.engine} spells it. */
    public static final String NAME = "sts";

    /** Public for reflective loading by {@code Engines}. */
    public StsEngine() {
        // Touch the preview API now, so a runtime that cannot run it fails here, at selection.
        StructuredScopeLauncher.probe();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Launcher open(Group group) {
        return new StructuredScopeLauncher(group);
    }
}
