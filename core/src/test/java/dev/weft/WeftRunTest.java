// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WeftRunTest {

    @Test
    void run_returnsResultFromAVirtualThread() throws Exception {
        Thread caller = Thread.currentThread();
        String r = Weft.run(() -> {
            assertThat(Thread.currentThread()).isNotSameAs(caller);
            assertThat(Thread.currentThread().isVirtual()).isTrue();
            return "main";
        });
        assertThat(r).isEqualTo("main");
    }

    @Test
    void run_rethrowsCheckedExceptionUnwrapped() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Weft.<String, IOException>run(() -> {
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @Test
    void run_rethrowsUncheckedAndErrorsUnwrapped() {
        IllegalStateException ise = new IllegalStateException("x");
        assertThatThrownBy(() -> Weft.run(() -> {
                    throw ise;
                }))
                .isSameAs(ise);
        AssertionError err = new AssertionError("y");
        assertThatThrownBy(() -> Weft.run(() -> {
                    throw err;
                }))
                .isSameAs(err);
    }

    @Test
    void run_groupFailureSurfacesAsTaskGroupException() {
        assertThatThrownBy(() -> Weft.run(() -> TaskGroup.run(tg -> tg.fork(() -> {
                            throw new IOException("inner");
                        })
                        .join())))
                .isInstanceOf(TaskGroupException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void interruptingCaller_cancelsBody_andWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> bodyThread = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                Weft.run(() -> {
                    bodyThread.set(Thread.currentThread());
                    started.countDown();
                    Weft.sleep(Duration.ofHours(1));
                    return null;
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        started.await();
        await().until(() -> caller.getState() == Thread.State.WAITING);
        caller.interrupt();
        caller.join();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(bodyThread.get().isAlive()).isFalse();
    }

    @Test
    void run_nullBody_throwsNullPointer() {
        assertThatThrownBy(() -> Weft.run(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void sleep_negativeOrZero_returnsAtOnce() throws Exception {
        Weft.sleep(Duration.ofSeconds(-5));
        Weft.sleep(Duration.ZERO);
        assertThatThrownBy(() -> Weft.sleep(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void sleep_sleepsAtLeastTheDuration() throws Exception {
        long t0 = System.nanoTime();
        Weft.sleep(Duration.ofMillis(20));
        assertThat(System.nanoTime() - t0)
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }
}
