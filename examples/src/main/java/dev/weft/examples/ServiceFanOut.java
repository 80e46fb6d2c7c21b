// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A service that fans each request out to two backends, as a real one would: a JDK
 * {@link HttpServer} handles every request with a {@link TaskGroup} under the deadline the
 * client sent in a header ({@code X-Deadline-Ms}, the way gRPC propagates deadlines), and logs
 * through SLF4J with the request id in the MDC. Weft carries the MDC into every task, so every
 * log line of a request, in whichever task, names its request. The second request's client
 * gives up after 300 ms and says so in its header: when that deadline passes on the server, the
 * request's slow backend call is cancelled, and its log line says why.
 */
public final class ServiceFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceFanOut.class);

    /** What the clients got, and the backend calls the deadlines cancelled. */
    public record Outcome(List<String> responses, List<String> cancelled) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Queue<String> cancelled = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext("/quote", exchange -> handle(exchange, cancelled));
        server.setExecutor(handlers);
        server.start();
        List<String> responses = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/quote");
            responses.add(call(client, base, "req-1", Duration.ofSeconds(10)));
            responses.add(call(client, URI.create(base + "?slow"), "req-2", Duration.ofMillis(300)));
            responses.forEach(r -> out.println("client: " + r));
            // req-2's server side goes on after its client left, until its deadline cancels it.
            while (cancelled.isEmpty()) {
                Weft.sleep(Duration.ofMillis(10));
            }
            cancelled.forEach(c -> out.println("server: cancelled " + c));
        } finally {
            server.stop(0);
            handlers.close();
        }
        return new Outcome(responses, List.copyOf(cancelled));
    }

    /** The client side: one request that tells the server how long the client will wait. */
    private static String call(HttpClient client, URI uri, String id, Duration wait) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(wait)
                .header("X-Request-Id", id)
                .header("X-Deadline-Ms", Long.toString(wait.toMillis()))
                .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return id + ": " + r.statusCode() + " " + r.body();
        } catch (HttpTimeoutException e) {
            return id + ": gave up after " + wait.toMillis() + " ms";
        }
    }

    /** The server side: one TaskGroup per request, under the client's deadline. */
    private static void handle(HttpExchange exchange, Queue<String> cancelled) throws IOException {
        String id = exchange.getRequestHeaders().getFirst("X-Request-Id");
        long deadlineMs = Long.parseLong(exchange.getRequestHeaders().getFirst("X-Deadline-Ms"));
        boolean slow = "slow".equals(exchange.getRequestURI().getQuery());
        MDC.put("requestId", id);
        try {
            LOG.info("request received; the client waits {} ms", deadlineMs);
            String body = Weft.waitFor(
                    Duration.ofMillis(deadlineMs),
                    () -> TaskGroup.run(id, tg -> {
                        Task<String> price = tg.fork("price", () -> backend("price", 20, cancelled));
                        Task<String> stock = tg.fork("stock", () -> backend("stock", slow ? 60_000 : 30, cancelled));
                        return price.join() + "," + stock.join();
                    }));
            LOG.info("responding 200");
            respond(exchange, 200, body);
        } catch (TimeoutException e) {
            LOG.warn("deadline passed; responding 504");
            respond(exchange, 504, "deadline passed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "shutting down");
        } finally {
            MDC.remove("requestId");
        }
    }

    /** A backend call that takes {@code millis}; logs in the task that makes it. */
    private static String backend(String name, long millis, Queue<String> cancelled) throws InterruptedException {
        LOG.info("calling backend {}", name);
        try {
            Weft.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            LOG.info("backend {} cancelled: {}", name, e.getMessage());
            cancelled.add(MDC.get("requestId") + " " + name + ": " + e.getMessage());
            throw e;
        }
        LOG.info("backend {} answered", name);
        return name + "=ok";
    }

    private static void respond(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            os.write(bytes);
        } catch (IOException gone) {
            LOG.info("the client has gone; response {} not sent", status);
        }
    }

    private ServiceFanOut() {}
}
