// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A group's count of released units (tasks whose code has ended), alone on its cache line, so
 * that tasks ending on one core do not steal the line the forking thread keeps writing (the
 * group's fork count and task list) on another.
 */
/*
 * Implementation notes.
 *
 * The padding is inherited (EndCountPadBefore, then the value, then this class's fields)
 * because the JVM lays out a class's own fields by size, not in declaration order, but always
 * places a superclass's fields before a subclass's: 56 bytes on each side of `value` keep any
 * neighbouring object's fields off its 64-byte line. The same trick as JCTools' padded queues;
 * the JDK uses the internal @Contended instead, which a library cannot.
 *
 * Field access:
 *   value     getAndAdd by each ending task and by the opener (its own unit); read by the opener.
 */
final class EndCount extends EndCountValue {

    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;

    /** Adds one released unit. Volatile (a full fence): later reads see every earlier fork. */
    long increment() {
        return (long) VALUE.getAndAdd(this, 1L) + 1L;
    }

    /** The number of units released so far. */
    long get() {
        return value;
    }

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(EndCountValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** The value of an {@link EndCount}, after the padding before it. */
abstract class EndCountValue extends EndCountPadBefore {
    volatile long value;
}

/** Padding before an {@link EndCount}'s value. */
abstract class EndCountPadBefore {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
}
