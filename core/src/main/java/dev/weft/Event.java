// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.EventSync;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.Objects;

/**
 * A flag that tasks can wait for: Weft's {@code asyncio.Event} / {@code threading.Event}.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Event :
 * Event ready = new Event();
 * TaskGroup.run(tg -> {
 *     tg.fork(() -> { ready.await(); return serve(); });   // await ready.wait()
 *     config = load();
 *     ready.set();                                          // config is visible to the waiter
 *     return null;
 * });
 * }
 *
 * <p>{@link #set()} wakes every task waiting at that moment; while set, {@link #await()} returns
 * at once; {@link #clear()} makes later waits block again. A {@code clear()} right after
 * {@code set()} never re-blocks a task that was inside {@code await()} at the {@code set()},
 * parked or not yet: it was woken by that set, whatever the flag says when it runs (as in
 * asyncio and threading).
 * {@code await} is named so because {@code wait} belongs to {@link Object}.
 *
 * <p><b>Cancellation.</b> {@code await} checks for cancellation first, even if the event is set
 * (a cancelled task gets {@link InterruptedException} at once), and throws it if the task is
 * cancelled or interrupted while waiting; the interrupted status is then cleared. If the event
 * is set at the moment the task is cancelled, the wake-up wins: {@code await} returns normally
 * with the interrupt status set.
 *
 * <p><b>Memory consistency effects.</b> Actions before {@link #set()} happen-before a return of
 * {@code true} from {@link #await()} or {@link #await(Duration)} that observes it.
 *
 * @since 0.1
 */
public final class Event {

    private final EventSync sync = new EventSync();

    /**
     * Creates an event that is not set.
     *
     * @since 0.1
     */
    public Event() {
        sync.parkOn(this, null);
    }

    /**
     * Creates an event that is not set, named {@code name}. The name shows in {@link Weft#taskTree()}
     * (what a blocked task waits on), in JFR events and in {@link #toString()}; it has no other
     * effect.
     *
     * @param name the name, e.g. {@code "accounts"}
     * @throws NullPointerException if {@code name} is null
     * @since 0.1
     */
    public Event(String name) {
        sync.parkOn(this, Objects.requireNonNull(name, "name"));
    }

    /**
     * Sets the flag and wakes every waiting task. Idempotent; never blocks.
     *
     * @since 0.1
     */
    public void set() {
        sync.set();
    }

    /**
     * Clears the flag, so that later waits block until the next {@link #set()}.
     *
     * @since 0.1
     */
    public void clear() {
        sync.clear();
    }

    /**
     * True if the flag is set ({@code event.is_set()}).
     *
     * @return whether the event is set
     * @since 0.1
     */
    public boolean isSet() {
        return sync.isSet();
    }

    /**
     * Waits until the event is set; returns at once if it is ({@code await event.wait()}).
     *
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the interrupted status is cleared
     * @since 0.1
     */
    public void await() throws InterruptedException {
        sync.await(false, 0L);
    }

    /**
     * Waits at most {@code timeout} until the event is set; zero or negative means no wait
     * (after the cancellation check).
     *
     * @param timeout how long to wait at most
     * @return true if the event was set (or set while waiting), false if the time ran out
     * @throws InterruptedException if the current task is cancelled or interrupted before or
     *     while waiting; the interrupted status is cleared
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        return sync.await(true, nanos);
    }

    /** Number of tasks waiting (a snapshot); for tests. */
    int queueLength() {
        return sync.queueLength();
    }

    /**
     * A description with the flag, {@code Event[set]} or {@code Event[unset]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return sync.describe(isSet() ? "set" : "unset");
    }
}
