// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code dev.weft.LockOrderViolation}: under {@code -Dweft.lockOrder=check}, a task acquired two
 * locks in the opposite order to an earlier acquisition.
 */
@Name("dev.weft.LockOrderViolation")
@Label("Lock Order Violation")
@Category("Weft")
@Description("Two locks were acquired in the opposite order to an earlier acquisition (-Dweft.lockOrder=check)")
@StackTrace(true)
public final class LockOrderViolationEvent extends Event {

    /** The lock held. */
    @Label("First")
    String first;

    /** The lock being acquired while holding the first, in the inverted order. */
    @Label("Second")
    String second;

    /** Records an inversion, if the event is enabled. */
    public static void emit(String first, String second) {
        LockOrderViolationEvent e = new LockOrderViolationEvent();
        if (e.shouldCommit()) {
            e.first = first;
            e.second = second;
            e.commit();
        }
    }
}
