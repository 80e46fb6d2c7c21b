// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Properties;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads an attribute of the MXBean {@code dev.weft:type=Tasks} of another JVM: attaches to it
 * with the Attach API, starts its local JMX agent (or finds the one already running; it stays
 * running, as after {@code jcmd <pid> ManagementAgent.start_local} or a JConsole connection),
 * detaches, and reads the attribute through the agent's local connector.
 */
final class TasksReader {

    /** The MXBean's name, as {@code dev.weft.internal.jmx.TasksMXBean.OBJECT_NAME} says. */
    static final String OBJECT_NAME = "dev.weft:type=Tasks";

    /** A failure to report: the message says what went wrong in a sentence. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TasksReader() {}

    /**
     * The value of {@code attribute} ({@code Tree} or {@code Json}) in process {@code pid}.
     *
     * @throws Failure if there is no such process, it cannot be attached to, or Weft's MXBean is
     *     not registered in it
     */
    static String read(long pid, String attribute) throws Failure {
        if (pid == ProcessHandle.current().pid()) {
            throw new Failure(pid + " is this weft-tools process itself; give the pid of another JVM");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new Failure("no such process: " + pid);
        }
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new Failure("this Java runtime (" + System.getProperty("java.home")
                    + ") has no jdk.attach module; run weft-tools with a full JDK 21+");
        }
        String address;
        Properties properties;
        VirtualMachine vm = attach(pid);
        try {
            properties = vm.getSystemProperties();
            address = vm.startLocalManagementAgent();
        } catch (IOException | RuntimeException e) {
            throw new Failure("could not start the local JMX agent in process " + pid + ": " + e, e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the connection is closed either way
            }
        }
        return readAttribute(pid, address, properties, attribute);
    }

    private static VirtualMachine attach(long pid) throws Failure {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            if (ProcessHandle.of(pid).isEmpty()) {
                throw new Failure("no such process: " + pid + " (it ended while weft-tools attached to it)", e);
            }
            throw new Failure(
                    "cannot attach to process " + pid + ": " + e.getMessage()
                            + "\n  Is it a Java process (JDK 21+), run by the same user as weft-tools,"
                            + " without -XX:+DisableAttachMechanism?",
                    e);
        }
    }

    private static String readAttribute(long pid, String address, Properties properties, String attribute)
            throws Failure {
        ObjectName name;
        try {
            name = new ObjectName(OBJECT_NAME);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            if (!server.isRegistered(name)) {
                throw notRegistered(pid, properties);
            }
            Object value = server.getAttribute(name, attribute);
            if (!(value instanceof String s)) {
                throw new Failure(OBJECT_NAME + " in process " + pid + " has no string attribute " + attribute
                        + " (found " + value + "); is its Weft a different version?");
            }
            return s;
        } catch (javax.management.InstanceNotFoundException e) {
            throw notRegistered(pid, properties);
        } catch (JMException | IOException | RuntimeException e) {
            throw new Failure("reading " + OBJECT_NAME + " in process " + pid + " failed: " + e, e);
        }
    }

    private static Failure notRegistered(long pid, Properties properties) {
        if ("false".equals(properties.getProperty("weft.jmx"))) {
            return new Failure("Weft's MXBean " + OBJECT_NAME + " is turned off in process " + pid
                    + " (it runs with -Dweft.jmx=false)");
        }
        return new Failure("no Weft task groups have been opened in " + pid + " (the MXBean " + OBJECT_NAME
                + " is not registered: Weft is not loaded there, or no task group has been opened yet)");
    }
}
