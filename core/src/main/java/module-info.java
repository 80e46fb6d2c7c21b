// SPDX-License-Identifier: Apache-2.0
/**
 * Weft: structured concurrency for Java 21+ in the vocabulary of Python's asyncio, on virtual
 * threads. Everything users touch is in {@link dev.weft}; {@code dev.weft.internal} is not
 * exported.
 */
module dev.weft {
    requires org.slf4j;
    // JFR events (dev.weft.TaskEnd, ContendedWait, Deadlock, ...): part of every JDK 21+.
    requires jdk.jfr;
    // The MXBean dev.weft:type=Tasks (Weft.taskTree() over JMX, for weft-tools ps/pstree).
    requires java.management;
    // Nullness annotations on the API (JSpecify): needed to compile against Weft, never to run
    // it. Transitive, because they appear in exported signatures; static, so that neither Weft
    // nor its users need them at run time.
    requires static transitive org.jspecify;

    exports dev.weft;
    // Only for the platform MBean server, which introspects the MXBean interface.
    exports dev.weft.internal.jmx to
            java.management;

    uses dev.weft.ContextPropagator;
}
