// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Result;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Results and errors side by side: {@link Weft#gatherSettled} is asyncio's
 * {@code gather(..., return_exceptions=True)}, typed: one {@link Result} per callable, in input
 * order, a {@link Result.Success} or a {@link Result.Failure}, and no failure cancels the others.
 * Plain {@link Weft#gather} instead stops at the first failure.
 */
public final class GatherSettled {

    /** The settled results, and what plain gather threw for the same work. */
    public record Outcome(List<Result<Integer>> results, Throwable gatherFailure) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        List<Callable<Integer>> jobs = List.of(
                () -> square(1, Duration.ofMillis(30)),
                () -> {
                    throw new IOException("disk on fire");
                },
                () -> square(3, Duration.ofMillis(10)),
                () -> Integer.parseInt("four"),
                () -> square(5, Duration.ofMillis(20)));

        List<Result<Integer>> results = Weft.gatherSettled(jobs);
        for (int i = 0; i < results.size(); i++) {
            String line = switch (results.get(i)) {
                case Result.Success<Integer>(Integer value) -> "ok     " + value;
                case Result.Failure<Integer>(Throwable error) -> "error  " + error;
            };
            out.printf("job %d: %s%n", i, line);
        }

        Throwable gatherFailure = null;
        try {
            Weft.gather(jobs);
        } catch (TaskGroupException e) {
            gatherFailure = e.getCause();
            out.println("plain gather instead throws " + e.getClass().getSimpleName() + ", cause: " + e.getCause());
        }
        return new Outcome(results, gatherFailure);
    }

    private static int square(int n, Duration work) throws InterruptedException {
        Weft.sleep(work);
        return n * n;
    }

    private GatherSettled() {}
}
