// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A failure nobody retrieves is logged once (asyncio's "Task exception was never retrieved"). */
@Timeout(60)
class UnretrievedFailureLoggingTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Task.class);

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private List<ILoggingEvent> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    @Test
    void failureHiddenBehindVirtualMachineError_isLoggedOnce() {
        IOException hidden = new IOException("hidden by the VM error");
        VirtualMachineError vme = new VirtualMachineError("simulated") {};
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    // The VM error's task is forked first: forking after the failure would give a
                    // task that is cancelled before it runs.
                    AtomicReference<Task<Object>> first = new AtomicReference<>();
                    CountDownLatch running = new CountDownLatch(1);
                    tg.fork("vm", () -> {
                        running.countDown();
                        while (first.get() == null || !first.get().isDone()) {
                            Thread.onSpinWait(); // not interruptible: the VM error is thrown regardless
                        }
                        throw vme;
                    });
                    running.await(); // else the failure below may cancel "vm" before its body starts
                    first.set(tg.fork("hidden", () -> {
                        throw hidden;
                    }));
                    return null;
                }))
                .isSameAs(vme);
        assertThat(warnings()).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("hidden").contains("never retrieved");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("hidden by the VM error");
        });
    }

    @Test
    void failureRetrievedBeforehand_isNotLogged() {
        IOException seen = new IOException("seen");
        VirtualMachineError vme = new VirtualMachineError("simulated") {};
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    AtomicReference<Task<Object>> t = new AtomicReference<>();
                    CountDownLatch running = new CountDownLatch(1);
                    tg.fork(() -> {
                        running.countDown();
                        while (t.get() == null || t.get().state() != Future.State.FAILED) {
                            Thread.onSpinWait();
                        }
                        assertThat(t.get().exceptionNow()).isSameAs(seen); // retrieves it
                        throw vme;
                    });
                    running.await(); // else the failure below may cancel the retriever before it starts
                    t.set(tg.fork(() -> {
                        throw seen;
                    }));
                    return null;
                }))
                .isSameAs(vme);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void failuresReportedByTheGroup_areNotLogged() {
        assertThatThrownBy(() -> TaskGroup.run(tg -> {
                    tg.fork(() -> {
                        throw new IOException("reported");
                    });
                    return null;
                }))
                .isInstanceOf(TaskGroupException.class);
        assertThat(warnings()).isEmpty();
    }
}
