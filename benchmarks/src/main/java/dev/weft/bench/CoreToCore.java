// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's own hand-off latency, with nothing of Weft in it: two platform threads bounce a
 * volatile counter (each spins until the other has written it), and the mean round trip is
 * printed for each second. On the 2-core build machine this number itself is bimodal: about
 * 70 ns for a while, then about 320 ns (or the other way round), within one JVM and with no
 * change in the code that runs, as the host moves the two virtual CPUs onto nearer or farther
 * cores. Every benchmark whose figure is a cross-core hand-off (Event ping-pong, Lock with a few
 * tasks, a queue with one producer and one consumer) inherits that step, which is why single
 * runs of them say little. {@code benchmarks/run} runs this before and after JMH and writes both
 * lines into its report.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.weft.bench.CoreToCore [seconds=5]}.
 */
public final class CoreToCore {

    private static volatile long ball;

    private CoreToCore() {}

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("core-to-core round trip (two spinning platform threads), ns per second of " + seconds + ": "
                + String.join(" ", measure(seconds)));
    }

    /** Runs the ping-pong for {@code seconds} and returns the mean round trip of each second. */
    static List<String> measure(int seconds) {
        Thread partner = Thread.ofPlatform().daemon().start(() -> {
            for (long v = 1; ; v += 2) {
                while (ball != v) {
                    Thread.onSpinWait();
                }
                ball = v + 1;
            }
        });
        List<String> perSecond = new ArrayList<>();
        long v = 0;
        for (int s = 0; s < seconds; s++) {
            long start = System.nanoTime();
            long trips = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                for (int i = 0; i < 10_000; i++) {
                    ball = v + 1;
                    while (ball != v + 2) {
                        Thread.onSpinWait();
                    }
                    v += 2;
                }
                trips += 10_000;
            }
            perSecond.add(String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / (double) trips));
        }
        partner.interrupt(); // a daemon spinning on the ball; it ends with the JVM
        return perSecond;
    }
}
