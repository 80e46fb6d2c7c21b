// SPDX-License-Identifier: Apache-2.0
package dev.weft.contextpropagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * The bridge (README "Weft in a service", issue 16) with a real OpenTelemetry {@link Context} and a real Logback
 * MDC (Micrometer's {@link Slf4jThreadLocalAccessor}); Weft's own MDC propagation is off in this
 * module's tests (see its pom), so whatever reaches the tasks came through the bridge, found by
 * ServiceLoader.
 */
@Timeout(60)
class MicrometerContextPropagatorTest {

    static final ContextKey<String> REQUEST = ContextKey.named("request");

    /** OpenTelemetry's Context as a Micrometer ThreadLocalAccessor (what micrometer-tracing does). */
    static final class OtelContextAccessor implements ThreadLocalAccessor<Context> {
        private static final ThreadLocal<Deque<Scope>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

        @Override
        public Object key() {
            return "otel";
        }

        @Override
        public Context getValue() {
            Context c = Context.current();
            return c == Context.root() ? null : c;
        }

        @Override
        public void setValue(Context value) {
            SCOPES.get().push(value.makeCurrent());
        }

        @Override
        public void setValue() {
            SCOPES.get().push(Context.root().makeCurrent());
        }

        @Override
        public void restore(Context previousValue) {
            SCOPES.get().pop().close();
        }

        @Override
        public void restore() {
            SCOPES.get().pop().close();
        }
    }

    @BeforeAll
    static void register() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new OtelContextAccessor());
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("requestId"));
    }

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void openTelemetryContext_reachesTasksOfEveryKind() throws Exception {
        try (Scope ignored = Context.current().with(REQUEST, "r-42").makeCurrent()) {
            String inTask = TaskGroup.run(
                    tg -> tg.fork(() -> Context.current().get(REQUEST)).join());
            String nested = TaskGroup.run(tg -> tg.fork(
                            () -> tg.fork(() -> Context.current().get(REQUEST)).join())
                    .join());
            String gathered = Weft.gather(() -> Context.current().get(REQUEST)).get(0);
            String onPool = Weft.toThread(() -> Context.current().get(REQUEST));
            assertThat(List.of(inTask, nested, gathered, onPool)).containsOnly("r-42");
        }
        // The pool thread was put back as it was: a call without a context sees none.
        for (int i = 0; i < 4; i++) {
            assertThat(Weft.toThread(() -> Context.current().get(REQUEST))).isNull();
        }
    }

    @Test
    void logbackMdc_reachesTasks_throughTheBridge() throws Exception {
        MDC.put("requestId", "req-7");
        String inTask = TaskGroup.run(tg -> tg.fork(() -> MDC.get("requestId")).join());
        assertThat(inTask).isEqualTo("req-7");
        MDC.clear();
        assertThat(Weft.toThread(() -> MDC.get("requestId"))).isNull();
    }

    @Test
    void bridge_isFoundByServiceLoader() {
        assertThat(java.util.ServiceLoader.load(dev.weft.ContextPropagator.class).stream()
                        .map(p -> p.type().getName()))
                .contains(MicrometerContextPropagator.class.getName());
    }
}
