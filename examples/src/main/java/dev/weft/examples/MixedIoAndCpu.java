// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * I/O and CPU in one task: fetch a document (waiting on the network, fine on a virtual thread),
 * then hash it (CPU work, handed to a platform thread with {@link Weft#toThread}, asyncio's
 * {@code await asyncio.to_thread(fn)}). One task per document, all in one {@link TaskGroup}.
 */
public final class MixedIoAndCpu {

    /** One document's digest and which kinds of thread did the two steps. */
    public record Digest(String url, String sha256, boolean fetchedOnVirtualThread, boolean hashedOnPlatformThread) {}

    public record Outcome(List<Digest> digests) {}

    static final int ROUNDS = 5_000; // SHA-256 applied this many times: a stand-in for real CPU work

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        try (LocalServer server = LocalServer.start()) {
            List<Digest> digests = TaskGroup.run(tg -> {
                List<Task<Digest>> tasks = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    URI url = server.page(i, Duration.ofMillis(100));
                    tasks.add(tg.fork("doc-" + i, () -> {
                        String body = server.get(url); // I/O: the virtual thread just waits
                        boolean virtual = Thread.currentThread().isVirtual();
                        Map.Entry<String, Boolean> hashed = Weft.toThread(() -> Map.entry(
                                sha256Rounds(body), !Thread.currentThread().isVirtual()));
                        return new Digest(url.getPath(), hashed.getKey(), virtual, hashed.getValue());
                    }));
                }
                List<Digest> all = new ArrayList<>();
                for (Task<Digest> t : tasks) {
                    all.add(t.join());
                }
                return all;
            });
            for (Digest d : digests) {
                out.printf(
                        "%-8s sha256^%d = %s...  (fetched on a %s thread, hashed on a %s thread)%n",
                        d.url(),
                        ROUNDS,
                        d.sha256().substring(0, 16),
                        d.fetchedOnVirtualThread() ? "virtual" : "platform",
                        d.hashedOnPlatformThread() ? "platform" : "virtual");
            }
            return new Outcome(digests);
        }
    }

    /** SHA-256 of {@code text}, then of that digest, {@link #ROUNDS} times in all. */
    static String sha256Rounds(String text) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] digest = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < ROUNDS; i++) {
            digest = sha.digest(digest);
        }
        return HexFormat.of().formatHex(digest);
    }

    private MixedIoAndCpu() {}
}
