// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import dev.weft.Event;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Stopping a background worker politely with an {@link Event}: threading's
 * {@code while not stop.wait(interval): work()}. The worker ends its current round and
 * returns; nothing is cancelled (compare {@code TaskGroupFailure}, where tasks are). A second
 * event tells the main task that the worker has started.
 */
public final class EventStop {

    /** How many rounds the worker did, and how it ended. */
    public record Outcome(int rounds, Future.State workerState, boolean stopWasSet) {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    public static Outcome run(PrintStream out) throws Exception {
        Event started = new Event();
        Event stop = new Event();
        return TaskGroup.run(tg -> {
            Task<Integer> worker = tg.fork("heartbeat", () -> {
                started.set();
                int rounds = 0;
                while (!stop.await(Duration.ofMillis(50))) { // wait up to 50 ms for "stop"
                    rounds++;
                    out.println("  worker: heartbeat " + rounds);
                }
                out.println("  worker: stop is set; finishing cleanly after " + rounds + " rounds");
                return rounds;
            });
            started.await();
            out.println("main: worker started; doing other things for 300 ms");
            Weft.sleep(Duration.ofMillis(300));
            out.println("main: stop.set()");
            stop.set();
            int rounds = worker.join();
            out.println("main: worker ended " + worker.state() + " after " + rounds + " rounds");
            return new Outcome(rounds, worker.state(), stop.isSet());
        });
    }

    private EventStop() {}
}
