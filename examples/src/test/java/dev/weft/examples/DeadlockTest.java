// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadlockTest {

    @Test
    void run_oppositeOrders_oneDeadlockException_inversionReported_fixedOrderFinishesBoth() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger lockOrder = (Logger) LoggerFactory.getLogger("dev.weft.LockOrder");
        lockOrder.addAppender(log);
        Output output = new Output();
        Deadlock.Outcome outcome;
        try {
            outcome = Deadlock.run(output.out);
        } finally {
            lockOrder.detachAppender(log);
        }

        // Both tasks hold their first lock before asking for the second: exactly one of them
        // closes the cycle and gets DeadlockException; once it backs off, the other finishes.
        assertThat(outcome.deadlockExceptions()).isEqualTo(1);
        assertThat(outcome.finishedInOppositeOrder()).isEqualTo(1);
        assertThat(output.text()).contains("DeadlockException: deadlock: task 'transfers/task-");
        assertThat(outcome.finishedInFixedOrder()).isEqualTo(2);

        // surefire runs the examples with -Dweft.lockOrder=check (see examples/pom.xml)
        assertThat(outcome.lockOrderChecked()).isTrue();
        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m)
                        .startsWith("lock order inversion: task 'one-by-one/task-2' acquires Lock 'account-A'"
                                + " while holding Lock 'account-B'"));
    }
}
