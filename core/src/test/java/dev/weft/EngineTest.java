package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weft.internal.Engines;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine selection and what the {@code sts} engine adds (issue 10). The suite runs once per
 * engine: Surefire sets {@code -Dweft.engine} to {@code threads} or {@code sts}.
 */
@Timeout(120)
class EngineTest {

    private static final String REQUESTED = System.getProperty("weft.engine");

    @Test
    void engine_isTheOneRequested() {
        assumeThat(REQUESTED).isNotNull();
        if (REQUESTED.equals("sts") && Runtime.version().feature() != 25) {
            assertThat(Engines.current().name()).isEqualTo("threads"); // sts cannot run here
        } else {
            assertThat(Engines.current().name()).isEqualTo(REQUESTED);
        }
    }

    /**
     * Under sts, a ScopedValue bound around TaskGroup.run is visible in every task, including
     * tasks forked by tasks. ScopedValue is a preview API at the tests' --release 21, so it is
     * used through reflection.
     */
    @Test
    void sts_scopedValueBoundAroundRun_visibleInEveryTask() throws Throwable {
        assumeThat(Engines.current().name()).isEqualTo("sts");
        Class<?> sv = Class.forName("java.lang.ScopedValue");
        Object key = sv.getMethod("newInstance").invoke(null);
        Method get = sv.getMethod("get");
        Method isBound = sv.getMethod("isBound");
        Object carrier = sv.getMethod("where", sv, Object.class).invoke(null, key, "request-42");
        Queue<Object> seen = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Runnable op = () -> {
            try {
                TaskGroup.run("sv", tg -> {
                    for (int i = 0; i < 3; i++) {
                        tg.fork(() -> {
                            seen.add(get.invoke(key));
                            // a task forks a sibling, which starts through the fork server
                            return tg.fork(() -> {
                                        seen.add(get.invoke(key));
                                        return tg.fork(() -> seen.add(get.invoke(key))).join();
                                    })
                                    .join();
                        });
                    }
                    return null;
                });
            } catch (Throwable t) {
                error.set(t);
            }
        };
        carrier.getClass().getMethod("run", Runnable.class).invoke(carrier, op);
        if (error.get() != null) {
            throw error.get();
        }
        assertThat(seen).hasSize(9).containsOnly("request-42");
        assertThat((Boolean) isBound.invoke(key)).isFalse();
    }

    /** Under sts, a JSON thread dump shows the group's tasks inside the group's scope. */
    @Test
    void sts_jsonThreadDump_showsTasksInsideGroupScope() throws Exception {
        assumeThat(Engines.current().name()).isEqualTo("sts");
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assumeThat(Files.isExecutable(jcmd)).as("jcmd available").isTrue();
        Path dump = Files.createTempFile("weft-dump", ".json");
        Files.delete(dump);
        CountDownLatch running = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        TaskGroup.run("dumped-group", tg -> {
            tg.fork("owner-forked", () -> {
                running.countDown();
                tg.fork("task-forked", () -> {
                    running.countDown();
                    release.await();
                    return null;
                });
                release.await();
                return null;
            });
            tg.fork("second", () -> {
                running.countDown();
                release.await();
                return null;
            });
            running.await();
            try {
                Process p = new ProcessBuilder(
                                jcmd.toString(),
                                Long.toString(ProcessHandle.current().pid()),
                                "Thread.dump_to_file",
                                "-format=json",
                                dump.toString())
                        .redirectErrorStream(true)
                        .start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                release.countDown();
            }
            return null;
        });
        // JSON escapes '/' as "\/"; containers are named "<scope name>/<flock>@<id>".
        String json = Files.readString(dump).replace("\\/", "/");
        Files.deleteIfExists(dump);
        String group = section(json, "\"container\": \"dumped-group/jdk.internal");
        assertThat(group)
                .contains("\"dumped-group/owner-forked\"")
                .contains("\"dumped-group/second\"")
                .contains("\"dumped-group/forks\"");
        String forks = section(json, "\"container\": \"dumped-group/forks/jdk.internal");
        assertThat(forks).contains("\"dumped-group/task-forked\"");
    }

    /** The part of a thread dump from {@code start} up to the next container. */
    private static String section(String json, String start) {
        int i = json.indexOf(start);
        assertThat(i).as("dump has %s", start).isNotNegative();
        int next = json.indexOf("\"container\":", i + start.length());
        return next < 0 ? json.substring(i) : json.substring(i, next);
    }

    /**
     * On a runtime without preview features, the jar loads, uses threads, and logs nothing
     * alarming: a child JVM started without --enable-preview runs a group and says so.
     */
    @Test
    void withoutPreview_usesThreadsQuietly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EngineProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("engine=threads").contains("result=42");
        assertThat(text).doesNotContain("WARN").doesNotContain("ERROR").doesNotContain("Exception");
    }

    /** Main of the child JVM in {@link #withoutPreview_usesThreadsQuietly()}. */
    public static final class EngineProbe {
        public static void main(String[] args) throws Exception {
            int r = TaskGroup.run(tg -> tg.fork(() -> 40).join() + 2);
            System.out.println("engine=" + Engines.current().name());
            System.out.println("result=" + r);
        }
    }
}
