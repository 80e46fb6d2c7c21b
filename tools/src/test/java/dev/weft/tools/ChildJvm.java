// SPDX-License-Identifier: Apache-2.0
package dev.weft.tools;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link TaskTreeChild} on the tests' class path. Its stdout is read line by
 * line on a thread of its own; its stderr goes to a file, shown when something fails. {@link
 * #close()} destroys it if it is still running.
 */
final class ChildJvm implements AutoCloseable {

    /** Generous: a child JVM on a loaded two-core machine may take long to start. */
    static final Duration STARTUP = Duration.ofMinutes(2);

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java [jvmOptions] dev.weft.tools.TaskTreeChild [args]} and waits for {@code ready}. */
    static ChildJvm startReady(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TaskTreeChild.class.getName());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("weft-tools-child", ".stderr");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        ChildJvm child = new ChildJvm(p, stderr);
        try {
            child.awaitLine("ready", STARTUP);
        } catch (Throwable t) {
            child.close();
            throw t;
        }
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the child to print {@code expected} as a line; fails on a timeout or its end. */
    void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("child " + pid() + " did not print '" + expected + "' within " + timeout + diagnostics());
            }
            if (line.equals(EOF)) {
                fail("child " + pid() + " closed its stdout before printing '" + expected + "'" + diagnostics());
            }
            if (line.equals(expected)) {
                return;
            }
        }
    }

    /** Closes the child's stdin and waits for it to end; its exit status. */
    int closeStdinAndAwaitExit(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("child " + pid() + " did not end within " + timeout + " of its stdin closing" + diagnostics());
        }
        return process.exitValue();
    }

    /** What the child printed so far, and its stderr. */
    String diagnostics() {
        String err;
        try {
            err = Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err = "(unreadable: " + e + ")";
        }
        synchronized (seen) {
            return "\n--- child stdout:\n" + String.join("\n", seen) + "\n--- child stderr:\n" + err;
        }
    }

    private void readStdout() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (seen) {
                    seen.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lines.add(EOF);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
