// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.TaskTree;
import dev.weft.Weft;
import dev.weft.internal.jmx.TasksMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link TasksMXBean} ({@code dev.weft:type=Tasks}) once, when the first root group
 * opens, unless {@code -Dweft.jmx=false}. The registration runs on a short-lived daemon thread,
 * {@code weft-jmx}, so the first group does not wait for the platform MBean server to start.
 */
final class TasksBean implements TasksMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(TasksBean.class);
    private static final boolean ENABLED = !"false".equals(System.getProperty("weft.jmx"));
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private TasksBean() {}

    static void registerOnce() {
        if (ENABLED && !REGISTERED.get() && REGISTERED.compareAndSet(false, true)) {
            WeftThreads.platform("weft-jmx", TasksBean::register).start();
        }
    }

    private static void register() {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(new TasksBean(), name);
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("could not register the MXBean {}: {}", OBJECT_NAME, e.toString());
        }
    }

    @Override
    public String getTree() {
        return Weft.taskTree().toString();
    }

    @Override
    public String getJson() {
        return Weft.taskTree().toJson();
    }

    @Override
    public int getTaskCount() {
        return count(Weft.taskTree().roots(), "task");
    }

    @Override
    public int getGroupCount() {
        return count(Weft.taskTree().roots(), "group");
    }

    private static int count(List<TaskTree.Node> nodes, String kind) {
        int n = 0;
        for (TaskTree.Node x : nodes) {
            n += (x.kind().equals(kind) ? 1 : 0) + count(x.children(), kind);
        }
        return n;
    }
}
