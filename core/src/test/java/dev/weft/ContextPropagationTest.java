// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Context propagation (README "Weft in a service", issue 16): SLF4J's MDC by default, and any registered
 * {@link ContextPropagator}, reach every piece of user code Weft starts on another thread, and
 * are undone there afterwards; a propagator that throws is logged once and skipped.
 */
@Timeout(60)
class ContextPropagationTest {

    /** A thread-local "request" that the test propagator carries. */
    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    /** When set in the forking thread, the test propagators below throw. */
    static final ThreadLocal<String> FAIL_IN = new ThreadLocal<>();

    static final ConcurrentLinkedQueue<String> CLOSED_ON = new ConcurrentLinkedQueue<>();

    static {
        Weft.addContextPropagator(new ContextPropagator() {
            @Override
            public Object capture() {
                if ("capture".equals(FAIL_IN.get())) {
                    throw new IllegalStateException("capture boom");
                }
                String r = REQUEST.get();
                if (r == null) {
                    return null;
                }
                return "restore".equals(FAIL_IN.get()) ? new String[] {r, "fail"} : new String[] {r, "ok"};
            }

            @Override
            public Restored restore(Object captured) {
                String[] c = (String[]) captured;
                if (c[1].equals("fail")) {
                    throw new IllegalStateException("restore boom");
                }
                String previous = REQUEST.get();
                REQUEST.set(c[0]);
                return () -> {
                    CLOSED_ON.add(Thread.currentThread().getName() + "=" + REQUEST.get());
                    REQUEST.set(previous);
                };
            }
        });
    }

    @AfterEach
    void clean() {
        MDC.clear();
        REQUEST.remove();
        FAIL_IN.remove();
    }

    @Test
    void mdc_reachesEveryEntryPoint() throws Exception {
        MDC.put("requestId", "r-42");
        List<Object> seen = new ArrayList<>();
        seen.add(TaskGroup.run(tg -> tg.fork(() -> MDC.get("requestId")).join()));
        seen.add(TaskGroup.run(tg ->
                tg.fork(() -> tg.fork(() -> MDC.get("requestId")).join()).join()));
        seen.add(Weft.gather(() -> MDC.get("requestId")).get(0));
        seen.add(Weft.map(List.of(1), 1, i -> MDC.get("requestId")).get(0));
        seen.add(Weft.race(() -> MDC.get("requestId")));
        try (var done = Weft.asCompleted(List.of(() -> MDC.get("requestId")))) {
            seen.add(done.next().resultNow());
        }
        seen.add(Weft.run(() -> MDC.get("requestId")));
        seen.add(Weft.run(() -> Weft.shield(() -> MDC.get("requestId"))));
        seen.add(Weft.toThread(() -> MDC.get("requestId")));
        assertThat(seen).hasSize(9).containsOnly("r-42");
    }

    @Test
    void mdc_changesInTaskStayInTask() throws Exception {
        MDC.put("requestId", "r-1");
        Map<String, String> inTask = TaskGroup.run(tg -> tg.fork(() -> {
                    MDC.put("step", "inner");
                    return MDC.getCopyOfContextMap();
                })
                .join());
        assertThat(inTask).containsEntry("requestId", "r-1").containsEntry("step", "inner");
        assertThat(MDC.get("step")).isNull();
        assertThat(MDC.get("requestId")).isEqualTo("r-1");
    }

    @Test
    void toThread_poolThreadCarriesNothingAfterTheCall() throws Exception {
        MDC.put("requestId", "r-7");
        REQUEST.set("alice");
        assertThat(Weft.toThread(() -> MDC.get("requestId") + "/" + REQUEST.get()))
                .isEqualTo("r-7/alice");
        MDC.clear();
        REQUEST.remove();
        // Whichever pool thread runs these, it carries nothing from the call above.
        for (int i = 0; i < 8; i++) {
            assertThat(Weft.toThread(() -> MDC.get("requestId") + "/" + REQUEST.get()))
                    .isEqualTo("null/null");
        }
    }

    @Test
    void customPropagator_restoredBeforeBody_closedAfterItInTaskThread() throws Exception {
        REQUEST.set("bob");
        CLOSED_ON.clear();
        String seen = TaskGroup.run("ctx", tg -> tg.fork("t", REQUEST::get).join());
        assertThat(seen).isEqualTo("bob");
        assertThat(CLOSED_ON).contains("ctx/t=bob");
        assertThat(REQUEST.get()).isEqualTo("bob");
    }

    @Test
    void propagatorThatThrows_isLoggedOnce_andTheTaskStillRuns() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ContextPropagator.class);
        appender.start();
        logger.addAppender(appender);
        try {
            REQUEST.set("carol");
            FAIL_IN.set("restore");
            for (int i = 0; i < 3; i++) {
                String r = TaskGroup.run(
                        tg -> tg.fork(() -> "ran:" + REQUEST.get()).join());
                assertThat(r).isEqualTo("ran:null"); // skipped for the task; the task ran
            }
            FAIL_IN.set("capture");
            for (int i = 0; i < 3; i++) {
                String r = TaskGroup.run(
                        tg -> tg.fork(() -> "ran:" + REQUEST.get()).join());
                assertThat(r).isEqualTo("ran:null");
            }
            FAIL_IN.remove();
            String after = TaskGroup.run(tg -> tg.fork(REQUEST::get).join());
            assertThat(after).as("still registered").isEqualTo("carol");
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> warnings =
                appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1); // once per propagator, whichever method threw first
        assertThat(warnings.get(0).getFormattedMessage()).contains("threw in restore()");
    }

    /** {@code -Dweft.context.mdc=false} turns the MDC propagation off (checked in a child JVM). */
    @Test
    void mdcOff_notPropagated() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Dweft.context.mdc=false",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MdcProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("in task: null");
    }

    /** Main of the child JVM in {@link #mdcOff_notPropagated()}. */
    public static final class MdcProbe {
        public static void main(String[] args) throws Exception {
            MDC.put("requestId", "r-1");
            System.out.println("in task: "
                    + TaskGroup.run(tg -> tg.fork(() -> MDC.get("requestId")).join()));
        }
    }
}
