// SPDX-License-Identifier: Apache-2.0
/**
 * Weft's public API: asyncio's structured-concurrency vocabulary for Java, on virtual threads.
 *
 * <h2>Cancellation model</h2>
 * A task is a virtual thread, and cancelling it interrupts it; {@link java.lang.InterruptedException}
 * is Java's {@code CancelledError}. Weft never swallows a cancellation: a Weft call that catches
 * an interrupt either rethrows {@code InterruptedException} or restores the interrupt status.
 * Cancellation sticks: once a task, or a group or scope around it, is cancelled, every later
 * blocking Weft call in it throws {@code InterruptedException} at once, even if the code
 * swallowed an earlier one.
 *
 * <h2>Errors</h2>
 * A task's exception reaches whoever joins it wrapped in {@link dev.weft.TaskFailedException};
 * a group reports its failures in one {@link dev.weft.TaskGroupException}.
 *
 * <h2>Flight Recorder events</h2>
 * Weft records {@code jdk.jfr} events in the category {@code Weft}:
 * {@code dev.weft.TaskEnd} ({@code task}, {@code group}, {@code outcome}: {@code success},
 * {@code failure} or {@code cancelled}; its duration is the task's run time; off by default, as
 * it fires once per task), {@code dev.weft.Cancellation} ({@code task}, {@code reason}, with the
 * canceller's stack), {@code dev.weft.ContendedWait} ({@code primitive}, {@code name},
 * {@code owner}: a blocking call that parked, such as a {@link dev.weft.Lock} held by another task,
 * an empty {@link dev.weft.Queue} or a join; its duration is the wait; threshold 20 ms),
 * {@code dev.weft.Deadlock} ({@code cycle}) and {@code dev.weft.LockOrderViolation}
 * ({@code first}, {@code second}). While no recording runs they cost nothing. The jar holds
 * {@code META-INF/weft/weft.jfc}, which turns them all on; add it to the JDK's settings:
 * <pre>{@code
 * unzip -p weft-core-0.1.0.jar META-INF/weft/weft.jfc > weft.jfc
 * java -XX:StartFlightRecording:settings=default,settings=weft.jfc,filename=app.jfr ...
 * jfr print --categories Weft app.jfr
 * }</pre>
 * A setting can also be changed on that command line
 * ({@code dev.weft.ContendedWait#threshold=5ms}), or both files merged into one with
 * {@code jfr configure --input default.jfc,weft.jfc --output weft-default.jfc}.
 *
 * <h2>Nullness</h2>
 * The package is {@link org.jspecify.annotations.NullMarked @NullMarked} (JSpecify): a
 * parameter, return value or type argument may be null only where it is marked
 * {@link org.jspecify.annotations.Nullable @Nullable}, or, for a type variable, where its bound
 * is {@code @Nullable Object} (a task or a body may return null).
 *
 * @since 0.1
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
