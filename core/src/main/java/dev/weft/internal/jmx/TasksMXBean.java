// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.jmx;

/**
 * The MXBean {@code dev.weft:type=Tasks}: the process's {@code Weft.taskTree()} over JMX, for
 * {@code weft-tools ps|pstree <pid>} and any JMX console. Each read takes a fresh snapshot.
 */
public interface TasksMXBean {

    /** The object name it is registered under. */
    String OBJECT_NAME = "dev.weft:type=Tasks";

    /**
     * The tree drawn as {@code asyncio pstree} draws it.
     *
     * @return {@code Weft.taskTree().toString()}
     */
    String getTree();

    /**
     * The tree as JSON.
     *
     * @return {@code Weft.taskTree().toJson()}
     */
    String getJson();

    /**
     * Counts the tasks.
     *
     * @return the number of live tasks in the tree
     */
    int getTaskCount();

    /**
     * Counts the groups.
     *
     * @return the number of open groups in the tree
     */
    int getGroupCount();
}
