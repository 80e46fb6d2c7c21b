// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static dev.weft.SyncTesting.spinUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, item 5: real {@code java.util.concurrent} clients on {@link TaskGroup#asExecutorService()}
 * run structured. A {@link CompletableFuture#supplyAsync} / {@code thenApplyAsync} chain and a JDK
 * {@link HttpClient} (against an {@link HttpServer} on 127.0.0.1) do their work in tasks of the
 * group, and cancelling the group reaches them: their tasks end, the chain and the requests
 * complete exceptionally or cancelled, and no task thread outlives the group.
 */
@Timeout(60)
class JucInteropTest {

    @Nested
    class CompletableFutureChain {
        @Test
        void supplyAsyncThenApplyAsync_runInTasksOfTheGroup() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<ExecutorService> executor = new AtomicReference<>();
            int r = TaskGroup.run(tg -> {
                executor.set(tg.asExecutorService());
                CompletableFuture<Integer> chain = CompletableFuture.supplyAsync(
                                () -> {
                                    tt.enter();
                                    return 20;
                                },
                                executor.get())
                        .thenApplyAsync(
                                x -> {
                                    tt.enter();
                                    return x + 22;
                                },
                                executor.get());
                return Weft.join(chain);
            });
            assertThat(r).isEqualTo(42);
            assertThat(tt.threadCount()).isEqualTo(2);
            tt.assertAllEnded();
            assertThat(executor.get().isTerminated()).isTrue(); // the group has ended: every task it ran too
        }

        @Test
        void cancellingTheGroup_interruptsTheRunningStage_andTheChainCompletesExceptionally() throws Exception {
            TaskThreads tt = new TaskThreads();
            CountDownLatch supplierRunning = new CountDownLatch(1);
            AtomicBoolean supplierInterrupted = new AtomicBoolean();
            AtomicBoolean secondStageRan = new AtomicBoolean();
            AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();
            AtomicReference<CompletableFuture<String>> second = new AtomicReference<>();
            AtomicReference<ExecutorService> executor = new AtomicReference<>();
            TaskGroup.run(tg -> {
                executor.set(tg.asExecutorService());
                first.set(CompletableFuture.supplyAsync(
                        () -> {
                            tt.enter();
                            supplierRunning.countDown();
                            try {
                                Weft.sleep(Duration.ofHours(1));
                                return "never";
                            } catch (InterruptedException e) {
                                supplierInterrupted.set(true);
                                throw new CompletionException(e);
                            }
                        },
                        executor.get()));
                second.set(first.get()
                        .thenApplyAsync(
                                s -> {
                                    secondStageRan.set(true);
                                    return s + "!";
                                },
                                executor.get()));
                supplierRunning.await();
                tg.cancel();
                return null;
            });
            tt.assertAllEnded();
            assertThat(supplierInterrupted.get()).isTrue();
            assertThat(first.get().isCompletedExceptionally()).isTrue();
            assertThat(second.get().isCompletedExceptionally()).isTrue();
            assertThatThrownBy(second.get()::join)
                    .isInstanceOf(CompletionException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(secondStageRan.get()).isFalse();
            assertThat(executor.get().isTerminated()).isTrue();
        }

        @Test
        void stagesStartedAfterTheGroupWasCancelled_areRejected_neverRun() throws Exception {
            AtomicBoolean ran = new AtomicBoolean();
            AtomicReference<CompletableFuture<String>> dependent = new AtomicReference<>();
            AtomicReference<ExecutorService> ex = new AtomicReference<>();
            TaskGroup.run(tg -> {
                ExecutorService executor = tg.asExecutorService();
                ex.set(executor);
                tg.cancel();
                assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> ran.getAndSet(true), executor))
                        .isInstanceOf(RejectedExecutionException.class);
                // a dependent of a completed stage is started at once: its execute is rejected,
                // and the dependent completes with that rejection
                dependent.set(CompletableFuture.completedFuture("x")
                        .thenApplyAsync(
                                s -> {
                                    ran.set(true);
                                    return s;
                                },
                                executor));
                return null;
            });
            assertThat(ran.get()).isFalse();
            assertThat(ex.get().isTerminated())
                    .as("it started nothing, so nothing runs")
                    .isTrue();
            assertThatThrownBy(dependent.get()::join).hasCauseInstanceOf(RejectedExecutionException.class);
        }

        @Test
        void aTaskJoiningTheChain_whenTheGroupIsCancelled_cancelsTheChain() throws Exception {
            TaskThreads tt = new TaskThreads();
            CompletableFuture<String> never = new CompletableFuture<>();
            AtomicReference<CompletableFuture<String>> chain = new AtomicReference<>();
            TaskGroup.run(tg -> {
                ExecutorService executor = tg.asExecutorService();
                chain.set(never.thenApplyAsync(s -> s + "!", executor));
                AtomicReference<Thread> joiner = new AtomicReference<>();
                tt.fork(tg, () -> {
                    joiner.set(Thread.currentThread());
                    return Weft.join(chain.get());
                });
                spinUntil(() -> joiner.get() != null && joiner.get().getState() == Thread.State.WAITING);
                tg.cancel();
                return null;
            });
            tt.assertAllEnded();
            assertThat(chain.get().isCancelled()).isTrue();
        }
    }

    @Nested
    class JdkHttpClient {
        private HttpServer server;
        private ExecutorService serverThreads;
        private final CountDownLatch releaseSlow = new CountDownLatch(1);
        private final AtomicInteger slowArrived = new AtomicInteger();
        private URI base;

        @BeforeEach
        void startServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            serverThreads = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(serverThreads);
            server.createContext(
                    "/fast", ex -> respond(ex, "hello " + ex.getRequestURI().getQuery()));
            server.createContext("/slow", ex -> {
                slowArrived.incrementAndGet();
                try {
                    releaseSlow.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(ex, "late");
            });
            server.start();
            base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @AfterEach
        void stopServer() {
            releaseSlow.countDown();
            server.stop(0);
            serverThreads.shutdownNow();
        }

        private static void respond(HttpExchange ex, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            try (ex) {
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
            } catch (IOException clientGone) {
                // the client cancelled the request
            }
        }

        private static java.util.List<Throwable> causes(Throwable e) {
            java.util.List<Throwable> out = new java.util.ArrayList<>();
            for (Throwable c = e; c != null && out.size() < 10; c = c.getCause()) {
                out.add(c);
            }
            return out;
        }

        private HttpRequest get(String path) {
            return HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .build();
        }

        @Test
        void requestsOnTheGroupsExecutor_completeInTasksOfTheGroup() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<ExecutorService> executor = new AtomicReference<>();
            String bodies = TaskGroup.run(tg -> {
                executor.set(tg.asExecutorService());
                try (HttpClient client =
                        HttpClient.newBuilder().executor(executor.get()).build()) {
                    // async, with a dependent stage on the same executor
                    CompletableFuture<String> a = client.sendAsync(get("/fast?a"), HttpResponse.BodyHandlers.ofString())
                            .thenApplyAsync(
                                    r -> {
                                        tt.enter();
                                        return r.body();
                                    },
                                    executor.get());
                    // blocking send from a task of the group
                    Task<String> b = tt.fork(
                            tg,
                            () -> client.send(get("/fast?b"), HttpResponse.BodyHandlers.ofString())
                                    .body());
                    return Weft.join(a) + ", " + b.join();
                }
            });
            assertThat(bodies).isEqualTo("hello a, hello b");
            tt.assertAllEnded();
            assertThat(executor.get().isTerminated()).isTrue();
        }

        @Test
        void cancellingTheGroup_cancelsInFlightRequests_andEndsEveryTask() throws Exception {
            TaskThreads tt = new TaskThreads();
            AtomicReference<HttpClient> client = new AtomicReference<>();
            AtomicReference<ExecutorService> executor = new AtomicReference<>();
            AtomicReference<CompletableFuture<HttpResponse<String>>> async = new AtomicReference<>();
            AtomicReference<Task<String>> blocking = new AtomicReference<>();
            AtomicReference<Task<String>> joining = new AtomicReference<>();
            TaskGroup.run(tg -> {
                executor.set(tg.asExecutorService());
                client.set(HttpClient.newBuilder().executor(executor.get()).build());
                // Each request ends in one of two ways once the group is cancelled: the task's
                // cancellation (InterruptedException; the request is cancelled), or, if the client
                // aborted the request first (it stops when its executor rejects work), the
                // request's IOException, which the task reports as its value.
                blocking.set(tt.fork(tg, () -> {
                    try {
                        return client.get()
                                .send(get("/slow"), HttpResponse.BodyHandlers.ofString())
                                .body();
                    } catch (IOException aborted) {
                        return "aborted: " + aborted;
                    }
                }));
                joining.set(tt.fork(tg, () -> {
                    async.set(client.get().sendAsync(get("/slow"), HttpResponse.BodyHandlers.ofString()));
                    try {
                        return Weft.join(async.get()).body();
                    } catch (TaskFailedException aborted) {
                        return "aborted: " + aborted.getCause();
                    }
                }));
                spinUntil(() -> slowArrived.get() == 2); // both requests are in flight at the server
                tg.cancel();
                return null;
            });
            try {
                tt.assertAllEnded();
                assertThat(executor.get().isTerminated()).isTrue();
                for (Task<String> t : java.util.List.of(blocking.get(), joining.get())) {
                    assertThat(t.isDone()).isTrue();
                    if (t.state() != Task.State.CANCELLED) {
                        assertThat(t.resultNow()).startsWith("aborted: ").doesNotContain("late");
                    }
                }
                // Weft.join cancelled it (the JDK client then fails it with "Request cancelled"),
                // unless the client had already failed it: a client whose executor rejects work
                // (the group is cancelled) aborts its pending requests with an IOException.
                assertThat(async.get().isCompletedExceptionally()).isTrue();
                assertThatThrownBy(async.get()::join)
                        .satisfies(e -> assertThat(causes(e))
                                .anyMatch(c -> c instanceof CancellationException || c instanceof IOException));
            } finally {
                client.get().shutdownNow();
                assertThat(client.get().awaitTermination(Duration.ofSeconds(30)))
                        .isTrue();
            }
        }
    }
}
