// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * How a group's tasks get their threads running: the one thing the two engines do differently,
 * and the whole seam between {@link Group} and an engine. The {@code threads} engine starts each
 * task's own virtual thread; the {@code sts} engine starts it inside the JDK's
 * {@code StructuredTaskScope}, so tasks inherit the opener's {@code ScopedValue} bindings and
 * thread dumps show the group tree.
 */
public interface Launcher {

    /** Starts {@code task}'s thread. Called by the thread that forked it, once per task. */
    void launch(ForkedTask<?> task);

    /**
     * Called by the thread whose release of a unit took the group's live units to 0 while the
     * opener waits (almost always an ending task's, right after it woke the opener): from now on
     * {@link Group#tryClose()} may succeed. A hint only: the opener closes the group itself if
     * no one else did.
     */
    default void tasksDone() {}

    /**
     * Called by the opener as soon as no task can be forked any more (every task's code has
     * ended and the group is closed), before it waits for the task threads to terminate: the
     * place to start stopping whatever the engine runs beside the tasks, so that it stops while
     * the opener waits for them, not after.
     */
    default void groupEnding() {}

    /**
     * Called by the opener once every task's thread has ended, before the group reports its
     * outcome: the place to close whatever the engine opened for the group.
     */
    default void groupEnded() {}

    /** The {@code threads} engine: each task's own thread, started directly. */
    Launcher DIRECT = ForkedTask::start;

    /** An engine: makes the launcher of each group as it opens. */
    interface Engine {
        /** The engine's name, as {@code -Dweft.engine} spells it. */
        String name();

        /** Called by {@code group}'s opener while it opens the group. */
        Launcher open(Group group);
    }

    /** The {@code threads} engine. */
    Engine THREADS = new Engine() {
        @Override
        public String name() {
            return "threads";
        }

        @Override
        public Launcher open(Group group) {
            return DIRECT;
        }
    };
}
