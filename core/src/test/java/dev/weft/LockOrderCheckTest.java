// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 / README "Lock order": under {@code -Dweft.lockOrder=check} (read once, at class
 * initialisation, so each case runs in a child JVM), an acquisition that inverts a recorded
 * order is reported at WARN with both stacks, before it can block and on runs that never hung;
 * a program that keeps one order is never reported; without the property nothing is checked.
 */
@Timeout(120)
class LockOrderCheckTest {

    /** The child JVM's programs: each prints "done" at the end. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "inverted-pair" -> {
                    Lock a = new Lock("a");
                    Lock b = new Lock("b");
                    TaskGroup.run("g", tg -> {
                        tg.fork("first", () -> both(a, b)).join();
                        tg.fork("second", () -> both(b, a)).join(); // never overlaps the first: no hang
                        return null;
                    });
                }
                case "inverted-chain" -> {
                    Lock a = new Lock("a");
                    Lock b = new Lock("b");
                    RLock c = new RLock("c");
                    both(a, b);
                    both(b.asJavaLock(), c.asJavaLock());
                    c.acquire(); // c -> a closes a -> b -> c -> a
                    try {
                        a.acquire();
                        a.release();
                    } finally {
                        c.release();
                    }
                }
                case "one-order" -> {
                    Lock a = new Lock("a");
                    Lock b = new Lock("b");
                    TaskGroup.run("g", tg -> {
                        for (int i = 0; i < 50; i++) {
                            tg.fork(() -> both(a, b));
                        }
                        return null;
                    });
                    both(a, b);
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("done");
        }

        private static Void both(Lock first, Lock second) throws InterruptedException {
            return both(first.asJavaLock(), second.asJavaLock());
        }

        /** Holds {@code first} while acquiring {@code second} (views of Weft locks). */
        private static Void both(java.util.concurrent.locks.Lock first, java.util.concurrent.locks.Lock second)
                throws InterruptedException {
            first.lockInterruptibly();
            try {
                second.lockInterruptibly();
                second.unlock();
            } finally {
                first.unlock();
            }
            return null;
        }
    }

    private static String runChild(String scenario, boolean check) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dweft.engine=" + System.getProperty("weft.engine", "threads"));
        if ("sts".equals(System.getProperty("weft.engine"))) {
            cmd.add("--enable-preview");
        }
        if (check) {
            cmd.add("-Dweft.lockOrder=check");
        }
        cmd.add(Child.class.getName());
        cmd.add(scenario);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("done");
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void invertedPair_reportedOnceWithBothStacks_withoutAHang() throws Exception {
        String out = runChild("inverted-pair", true);
        assertThat(out).containsOnlyOnce("lock order inversion");
        assertThat(out)
                .contains(
                        "lock order inversion: task 'g/second' acquires Lock 'a' while holding Lock 'b', "
                                + "but earlier Lock 'a' was held while acquiring Lock 'b'",
                        "this acquisition: Lock 'a' acquired while holding Lock 'b'",
                        "Caused by: java.lang.Throwable: Lock 'b' acquired while holding Lock 'a'");
    }

    @Test
    void invertedChainOfThree_reportedWithTheChain() throws Exception {
        String out = runChild("inverted-chain", true);
        assertThat(out).containsOnlyOnce("lock order inversion");
        assertThat(out)
                .contains("acquires Lock 'a' while holding RLock 'c', but earlier the chain "
                        + "Lock 'a' -> Lock 'b' -> RLock 'c' was taken");
    }

    @Test
    void oneOrder_neverReported() throws Exception {
        assertThat(runChild("one-order", true)).doesNotContain("lock order inversion");
    }

    @Test
    void withoutTheProperty_nothingIsChecked() throws Exception {
        assertThat(runChild("inverted-pair", false)).doesNotContain("lock order inversion");
    }
}
