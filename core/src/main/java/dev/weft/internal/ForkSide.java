// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a group's forks write: its unit count ({@code state}, see Group's notes on units) and the
 * head of its task list, alone on their cache line, so that the tasks, which read the group's
 * other fields as they start and end (its name, its cancellation, its waiting opener), do not
 * pull that line away from the forking thread between two forks.
 */
/*
 * Implementation notes.
 *
 * Padded as EndCount is (56 bytes inherited before the fields, 56 after them): the JVM lays out
 * a superclass's fields before a subclass's, whatever their sizes. Before, state and head sat
 * in Group beside final and rarely written fields that every task reads (name, mode, the
 * cancel reason, joiner); each such read turned the line shared, and the forker's next CAS had
 * to take it back from the other core.
 *
 * Field access (see Group's notes for what the values mean):
 *   state   CAS by every fork and by whoever closes the group; read by the opener, tryClose,
 *           and the task that may end the group.
 *   head    CAS by every fork; read by cancellation, the sweeper, the task tree and the opener.
 */
final class ForkSide extends ForkSideFields {

    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;

    ForkSide(long initialState) {
        this.state = initialState;
    }

    long state() {
        return state;
    }

    boolean casState(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    ForkedTask<?> head() {
        return head;
    }

    boolean casHead(ForkedTask<?> expected, ForkedTask<?> next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    private static final VarHandle STATE;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ForkSideFields.class, "state", long.class);
            HEAD = l.findVarHandle(ForkSideFields.class, "head", ForkedTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** The fields of a {@link ForkSide}, after the padding before them. */
abstract class ForkSideFields extends ForkSidePadBefore {
    volatile long state;
    volatile ForkedTask<?> head;
}

/** Padding before a {@link ForkSide}'s fields. */
abstract class ForkSidePadBefore {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
}
