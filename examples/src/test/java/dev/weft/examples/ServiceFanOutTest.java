// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

class ServiceFanOutTest {

    @Test
    @Timeout(120)
    void run_everyLogLineCarriesItsRequestId_andTheClientDeadlineCancelsTheSlowCall() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceFanOut.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // logback-test.xml logs WARN and up; this test reads INFO lines
        appender.start();
        logger.addAppender(appender);
        Output output = new Output();
        ServiceFanOut.Outcome outcome;
        try {
            outcome = ServiceFanOut.run(output.out);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        List<ILoggingEvent> events = List.copyOf(appender.list);

        assertThat(outcome.responses()).containsExactly("req-1: 200 price=ok,stock=ok", "req-2: gave up after 300 ms");
        // Every line, in the handler or in any task, names its request.
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("requestId"))
                        .as("requestId of '%s' on %s", e.getFormattedMessage(), e.getThreadName())
                        .isIn("req-1", "req-2"));
        // Backend lines come from the request's own tasks (threads <request>/<task>).
        assertThat(events)
                .filteredOn(e -> e.getFormattedMessage().startsWith("calling backend"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getThreadName())
                        .startsWith(e.getMDCPropertyMap().get("requestId") + "/"));
        // req-2's client gave up at 300 ms and the same deadline cancelled its slow backend call.
        assertThat(outcome.cancelled())
                .singleElement()
                .asString()
                .startsWith("req-2 stock: Task 'stock' was cancelled: deadline of waitFor(PT0.3S) passed");
        assertThat(output.text()).contains("client: req-1: 200").contains("server: cancelled req-2 stock");
    }
}
