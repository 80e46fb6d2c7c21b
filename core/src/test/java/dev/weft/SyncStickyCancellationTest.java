// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, acceptance item 8 (README, Guarantees): every blocking method of the synchronization
 * primitives honours sticky cancellation. Each call below would succeed at once (free lock,
 * free permit, set event, true predicate, one-party barrier), so only the cancellation
 * checkpoint can make it throw; and it must leave the resource untouched.
 */
@Timeout(60)
class SyncStickyCancellationTest {

    interface BlockingCall {
        /** Registers a check that the resource is left untouched, then makes the call. */
        void call(AtomicReference<BooleanSupplier> untouched) throws Exception;
    }

    record Call(String name, BlockingCall call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> blockingCalls() {
        Duration hour = Duration.ofHours(1);
        return Stream.of(
                lock("Lock.acquire", l -> l.acquire()),
                lock("Lock.tryAcquire(Duration)", l -> l.tryAcquire(hour)),
                lock("Lock.hold", Lock::hold),
                rlock("RLock.acquire", l -> l.acquire()),
                rlock("RLock.tryAcquire(Duration)", l -> l.tryAcquire(hour)),
                rlock("RLock.hold", RLock::hold),
                new Call("RLock.acquire (re-entry)", untouched -> {
                    RLock l = new RLock();
                    untouched.set(() -> !l.isLocked());
                    assertThat(l.tryAcquire()).isTrue();
                    try {
                        l.acquire();
                    } finally {
                        l.release();
                    }
                }),
                sem("Semaphore.acquire", s -> s.acquire()),
                sem("Semaphore.tryAcquire(Duration)", s -> s.tryAcquire(hour)),
                sem("Semaphore.hold", Semaphore::hold),
                new Call("BoundedSemaphore.acquire", untouched -> {
                    BoundedSemaphore s = new BoundedSemaphore(1);
                    untouched.set(() -> s.availablePermits() == 1);
                    s.acquire();
                }),
                new Call("Event.await (set)", untouched -> {
                    Event e = new Event();
                    untouched.set(() -> e.isSet() && e.queueLength() == 0);
                    e.set();
                    e.await();
                }),
                new Call("Event.await(Duration) (set)", untouched -> {
                    Event e = new Event();
                    untouched.set(() -> e.isSet() && e.queueLength() == 0);
                    e.set();
                    e.await(hour);
                }),
                cond("Condition.await", c -> c.await()),
                cond("Condition.await(Duration)", c -> c.await(hour)),
                cond("Condition.awaitUntil (true)", c -> c.awaitUntil(() -> true)),
                cond("Condition.awaitUntil(Duration) (true)", c -> c.awaitUntil(() -> true, hour)),
                new Call("Barrier.await (1 party)", untouched -> {
                    Barrier b = new Barrier(1);
                    untouched.set(() -> b.waiting() == 0 && !b.isBroken());
                    b.await();
                }),
                new Call("Barrier.await(Duration) (1 party)", untouched -> {
                    Barrier b = new Barrier(1);
                    untouched.set(() -> b.waiting() == 0 && !b.isBroken());
                    b.await(hour);
                }));
    }

    interface On<R> {
        void call(R r) throws Exception;
    }

    static Call lock(String name, On<Lock> body) {
        return new Call(name, untouched -> {
            Lock l = new Lock();
            untouched.set(() -> !l.isLocked());
            body.call(l);
        });
    }

    static Call rlock(String name, On<RLock> body) {
        return new Call(name, untouched -> {
            RLock l = new RLock();
            untouched.set(() -> !l.isLocked());
            body.call(l);
        });
    }

    static Call sem(String name, On<Semaphore> body) {
        return new Call(name, untouched -> {
            Semaphore s = new Semaphore(1);
            untouched.set(() -> s.availablePermits() == 1);
            body.call(s);
        });
    }

    static Call cond(String name, On<Condition> body) {
        return new Call(name, untouched -> {
            Lock l = new Lock();
            Condition c = new Condition(l);
            untouched.set(() -> !l.isLocked() && c.queueLength() == 0);
            assertThat(l.tryAcquire()).isTrue(); // tryAcquire() is non-blocking: no checkpoint
            try {
                body.call(c);
            } finally {
                l.release();
            }
        });
    }

    /**
     * A task is cancelled while blocked; it swallows the InterruptedException; its next blocking
     * call on a primitive must throw InterruptedException at once, without taking anything.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingCalls")
    void cancelledTaskThatSwallowedInterrupt_getsAnotherFromNextCall(Call next) throws Exception {
        AtomicReference<BooleanSupplier> untouched = new AtomicReference<>();
        Throwable second =
                CancelledTask.nextCallAfterSwallowedCancel(() -> next.call().call(untouched));
        assertThat(second).isInstanceOf(InterruptedException.class);
        assertThat(untouched.get().getAsBoolean()).as("resource left untouched").isTrue();
    }

    /** Interrupt (not Weft cancellation) before the call: thrown at once, status cleared. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingCalls")
    void interruptedBeforeCall_throwsAtOnceAndClearsStatus(Call next) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> statusAfter = new AtomicReference<>();
        AtomicReference<BooleanSupplier> untouched = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            try {
                next.call().call(untouched);
            } catch (Throwable e) {
                thrown.set(e);
            }
            statusAfter.set(Thread.currentThread().isInterrupted());
        });
        t.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(statusAfter.get()).isFalse();
        assertThat(untouched.get().getAsBoolean()).as("resource left untouched").isTrue();
    }
}
