// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weft.internal.Engines;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
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
                                        return tg.fork(() -> seen.add(get.invoke(key)))
                                                .join();
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

    /** ScopedValue through reflection: it is a preview API at the tests' --release 21. */
    private static final class Sv {
        final Object key;
        final Method get;
        final Method isBound;
        final Method where;
        final Class<?> carrierClass;

        Sv() throws Exception {
            Class<?> sv = Class.forName("java.lang.ScopedValue");
            key = sv.getMethod("newInstance").invoke(null);
            get = sv.getMethod("get");
            isBound = sv.getMethod("isBound");
            where = sv.getMethod("where", sv, Object.class);
            carrierClass = Class.forName("java.lang.ScopedValue$Carrier");
        }

        /** The value bound to the key here, or "unbound". */
        Object value() {
            try {
                return (Boolean) isBound.invoke(key) ? get.invoke(key) : "unbound";
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        /** Runs {@code op} with the key bound to {@code v}, rethrowing what it throws. */
        <T> T with(Object v, java.util.concurrent.Callable<T> op) throws Exception {
            Object carrier = where.invoke(null, key, v);
            AtomicReference<Object> out = new AtomicReference<>();
            AtomicReference<Throwable> error = new AtomicReference<>();
            Runnable r = () -> {
                try {
                    out.set(op.call());
                } catch (Throwable t) {
                    error.set(t);
                }
            };
            carrierClass.getMethod("run", Runnable.class).invoke(carrier, r);
            Throwable e = error.get();
            if (e instanceof Exception x) {
                throw x;
            }
            if (e instanceof Error x) {
                throw x;
            }
            @SuppressWarnings("unchecked")
            T t = (T) out.get();
            return t;
        }
    }

    /**
     * Issue 14 f: a fork the opener makes inside a ScopedValue rebinding, after an ordinary
     * fork, runs (the JDK refuses it in the group's scope, and the refused thread is spoiled;
     * Weft starts the task on a fresh thread through the fork server), and the group ends.
     */
    @Test
    void sts_forkInsideRebinding_afterOrdinaryFork_runsAndGroupEnds() throws Throwable {
        assumeThat(Engines.current().name()).isEqualTo("sts");
        Sv sv = new Sv();
        Object[] seen = sv.with(
                "outer",
                () -> TaskGroup.run(tg -> {
                    Task<Object> first = tg.fork(sv::value);
                    Task<Object> inner = sv.with("inner", () -> tg.fork(sv::value));
                    return new Object[] {first.join(), inner.join()};
                }));
        assertThat(seen).containsExactly("outer", "outer");
    }

    /**
     * Issue 14 g: the first fork of a group, made inside a rebinding, still runs in the group
     * and sees the bindings the group was opened in; so do the tasks of asCompleted, the body of
     * Weft.run and a shielded body.
     */
    @Test
    void sts_everyEntryPoint_inheritsTheCallersBindings() throws Throwable {
        assumeThat(Engines.current().name()).isEqualTo("sts");
        Sv sv = new Sv();
        Object firstForkInRebinding = sv.with(
                "outer",
                () -> TaskGroup.run(
                        tg -> sv.with("inner", () -> tg.fork(sv::value)).join()));
        assertThat(firstForkInRebinding).isEqualTo("outer");

        Object asCompleted = sv.with("ac", () -> {
            try (var done = Weft.asCompleted(List.of(sv::value))) {
                return done.next().resultNow();
            }
        });
        assertThat(asCompleted).isEqualTo("ac");

        Object run = sv.with("run", () -> Weft.run(sv::value));
        assertThat(run).isEqualTo("run");

        Object shieldedInGroup = sv.with(
                "group",
                () -> TaskGroup.run(tg -> tg.fork(() -> Weft.shield(sv::value)).join()));
        assertThat(shieldedInGroup).isEqualTo("group");

        Object shieldedInRun = sv.with("root", () -> Weft.run(() -> Weft.shield(sv::value)));
        assertThat(shieldedInRun).isEqualTo("root");

        Object gathered = sv.with("gather", () -> Weft.gather(sv::value).get(0));
        assertThat(gathered).isEqualTo("gather");
    }

    /**
     * When run returns, every task thread has terminated, on whichever path it started: forked
     * by the opener, by a task (under sts, through the fork server), or by the opener inside a
     * ScopedValue rebinding (under sts, a fresh thread through the server). The opener joins
     * each task's thread before it returns (see Group's notes); with that walk skipped, this
     * test fails on the threads engine.
     */
    @Test
    void everyTaskThread_hasTerminated_whenRunReturns_onEveryForkPath() throws Throwable {
        boolean sts = Engines.current().name().equals("sts");
        Sv sv = sts ? new Sv() : null;
        for (int round = 0; round < 20; round++) {
            Queue<Thread> threads = new ConcurrentLinkedQueue<>();
            Callable<Object> record = () -> threads.add(Thread.currentThread());
            TaskGroup.run("paths", tg -> {
                for (int i = 0; i < 50; i++) {
                    tg.fork(record);
                    tg.fork(() -> {
                        record.call();
                        return tg.fork(record);
                    });
                    if (sv != null) {
                        sv.with("rebound", () -> tg.fork(record));
                    }
                }
                return null;
            });
            assertThat(threads).hasSize(sts ? 200 : 150);
            assertThat(threads)
                    .allSatisfy(t -> assertThat(t.isAlive()).as("%s alive", t).isFalse());
        }
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
                        java.toString(), "-cp", System.getProperty("java.class.path"), EngineProbe.class.getName())
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
