// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny web server on 127.0.0.1 (a free port) that stands in for "the internet" in the
 * examples, so they run offline. {@code GET /page/N?ms=D} answers "page N" after D milliseconds;
 * {@code GET /status/S?ms=D} answers with HTTP status S after D milliseconds. Each request is
 * served on its own virtual thread, so slow requests do not queue behind each other.
 */
final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LocalServer(HttpServer server) {
        this.server = server;
    }

    static LocalServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        LocalServer local = new LocalServer(server);
        server.setExecutor(local.handlers);
        server.createContext("/", exchange -> {
            try (exchange) {
                String[] path = exchange.getRequestURI().getPath().split("/"); // "", "page"|"status", N
                String query = exchange.getRequestURI().getQuery();
                long ms = query != null && query.startsWith("ms=") ? Long.parseLong(query.substring(3)) : 0;
                Thread.sleep(ms); // simulated network latency
                int status = path[1].equals("status") ? Integer.parseInt(path[2]) : 200;
                byte[] body = (path[1] + " " + path[2]).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return local;
    }

    /** The URL of page {@code n}, answered after {@code latency}. */
    URI page(int n, Duration latency) {
        return uri("/page/" + n, latency);
    }

    /** A URL answered with HTTP {@code status} after {@code latency}. */
    URI status(int status, Duration latency) {
        return uri("/status/" + status, latency);
    }

    private URI uri(String path, Duration latency) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?ms=" + latency.toMillis());
    }

    /**
     * GETs {@code uri} with the JDK's HttpClient, blocking the calling (virtual) thread, and
     * returns the body; a status other than 2xx is an {@link HttpStatusException}, as
     * {@code response.raise_for_status()} does in Python's requests/aiohttp.
     */
    String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new HttpStatusException(uri, response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.close();
        client.close();
    }

    /** A response with a status other than 2xx. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final URI uri;
        final int status;

        HttpStatusException(URI uri, int status) {
            super("HTTP " + status + " from " + uri.getPath());
            this.uri = uri;
            this.status = status;
        }
    }
}
