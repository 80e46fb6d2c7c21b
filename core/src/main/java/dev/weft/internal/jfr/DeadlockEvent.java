// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code dev.weft.Deadlock}: a lock acquire that would have closed a wait cycle threw instead. */
@Name("dev.weft.Deadlock")
@Label("Deadlock")
@Category("Weft")
@Description("A Lock or RLock acquire found that waiting would close a cycle and threw DeadlockException")
@StackTrace(true)
public final class DeadlockEvent extends Event {

    /** The cycle, as DeadlockException's message names it. */
    @Label("Cycle")
    String cycle;

    /** Records a detected cycle, if the event is enabled. */
    public static void emit(String cycle) {
        DeadlockEvent e = new DeadlockEvent();
        if (e.shouldCommit()) {
            e.cycle = cycle;
            e.commit();
        }
    }
}
