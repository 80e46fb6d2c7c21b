// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code dev.weft.LockOrderViolation} JFR event. Lock-order checking is read once, at class
 * initialisation, from {@code -Dweft.lockOrder=check}: core's pom runs this class in a JVM of its
 * own with it (the {@code test-lock-order} execution); the other runs skip it.
 */
@Timeout(120)
class LockOrderJfrTest {

    @Test
    void inversion_oneTaskTakesTwoLocksBothWays_eventNamesHeldThenAcquired() throws Exception {
        assumeTrue("check".equals(System.getProperty("weft.lockOrder")), "needs -Dweft.lockOrder=check");
        Queue<RecordedEvent> events = new ConcurrentLinkedQueue<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.weft.LockOrderViolation");
            stream.onEvent(events::add);
            stream.startAsync();
            Lock a = new Lock("order-a");
            Lock b = new Lock("order-b");
            TaskGroup.run("order", tg -> {
                tg.fork("both-ways", () -> {
                    inOrder(a, b);
                    inOrder(b, a); // no deadlock: one task; but two tasks doing this could
                    return null;
                });
                return null;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> !events.isEmpty());
        }
        RecordedEvent e = events.peek();
        assertThat(e.getEventType().getName()).isEqualTo("dev.weft.LockOrderViolation");
        assertThat(e.getString("first")).isEqualTo("Lock 'order-b'");
        assertThat(e.getString("second")).isEqualTo("Lock 'order-a'");
        assertThat(e.getThread().getJavaName()).isEqualTo("order/both-ways");
        assertThat(e.getStackTrace()).isNotNull();
        assertThat(events).hasSize(1);
    }

    private static void inOrder(Lock first, Lock second) throws InterruptedException {
        first.acquire();
        try {
            second.acquire();
            second.release();
        } finally {
            first.release();
        }
    }
}
