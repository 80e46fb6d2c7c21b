// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Block;
import dev.weft.ContextPropagator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code Weft.toThread}: runs a body on a bounded pool of platform threads and waits for it,
 * as {@code asyncio.to_thread} does; cancelling the caller interrupts the worker.
 */
/*
 * Implementation notes.
 *
 * One call is one Scope whose owner is the pool thread running it, so interrupts reach the
 * worker through Scope's hand-shake and never land on the worker's next job. Its parent is the
 * caller's scope: code in the body sees the caller's deadlines and sticky cancellation.
 *
 * `state`:  NEW --worker CAS--> RUNNING --worker--> ENDED
 *           NEW --caller CAS (cancelled before start)--> SKIPPED
 * The worker publishes `worker` before its CAS, so a caller that sees RUNNING may interrupt it.
 * The caller waits as a Waiter (the one waiting mechanism) that the worker grants at ENDED;
 * this call is the waiter's Owner. An interrupt of the caller (or its scope's cancellation)
 * before the worker started skips the call and the caller gives up at once; after it started,
 * it cancels the call (interrupting the worker) and the caller keeps waiting: toThread never
 * returns while its body still runs. The outcome then follows the README's Guarantees: a value that
 * was produced wins (interrupt re-asserted); otherwise InterruptedException.
 *
 * The pool's threads are Weft's own: they inherit no InheritableThreadLocal from whichever
 * thread happened to make the pool grow (WeftThreads), and carry the caller's propagated
 * context (Contexts) only while its body runs.
 *
 * Field access:
 *   body, waiter, context  final (made by the caller before the call is queued).
 *   worker                 written by the worker before its CAS, read by cancellers.
 *   state                  see above.
 *   value, thrown          written by the worker before ENDED, read by the caller after it.
 */
public final class ToThread<T> extends Scope implements Runnable, Waiter.Owner {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int ENDED = 2;
    static final int SKIPPED = 3;

    private static final ThreadPoolExecutor POOL = newPool();
    private static final Cancel CALLER_CANCELLED = Cancel.of(CancelReason.CANCELLED, "its caller was cancelled");

    private final Block<T, ?> body;
    private final Waiter waiter;
    private final Object[] context; // the caller's (Contexts), restored around the body
    private volatile Thread worker;
    private volatile int state;
    private T value;
    private Throwable thrown;

    private ToThread(Scope parent, Block<T, ?> body) {
        super(parent);
        this.body = body;
        this.waiter = new Waiter(this);
        this.context = Contexts.capture();
    }

    private static ThreadPoolExecutor newPool() {
        int n = Integer.getInteger(
                "weft.toThread.threads", Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                n,
                n,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> WeftThreads.platform("weft-to-thread-" + count.incrementAndGet(), r));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public static <T, X extends Exception> T call(Block<T, X> body) throws X, InterruptedException {
        Cancellation.checkpoint();
        ToThread<T> call = new ToThread<>(Cancellation.current(), body);
        POOL.execute(call);
        return call.await();
    }

    @Override
    public void run() {
        worker = Thread.currentThread();
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            return; // the caller gave up before we started
        }
        Cancellation.setCurrent(this);
        ContextPropagator.Restored[] restored = Contexts.restore(context);
        try {
            value = body.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            Contexts.close(context, restored);
            exit();
            Cancellation.leave(this, null);
            state = ENDED;
            waiter.grant(Waiter.GRANTED);
        }
    }

    private <X extends Exception> T await() throws X, InterruptedException {
        waiter.await(-1L, Waiter.Spin.NONE); // gives up only before the body started: see onInterrupt
        boolean interrupted = waiter.consumedInterrupt();
        if (thrown == null) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return value;
        }
        if (interrupted && ForkedTask.isCancellation(thrown)) {
            InterruptedException ie = new InterruptedException("toThread was cancelled");
            ie.initCause(thrown);
            throw ie;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throw Sneaky.<RuntimeException>rethrow(thrown);
    }

    /**
     * The caller was interrupted or cancelled: skip the call if it has not started (the caller
     * gives up), else cancel it and keep waiting for its end.
     */
    @Override
    public boolean onInterrupt(Waiter w) {
        if (STATE.compareAndSet(this, NEW, SKIPPED)) {
            POOL.remove(this);
            return true;
        }
        cancel(CALLER_CANCELLED); // interrupts the worker; we still wait for it
        return false;
    }

    @Override
    protected Thread owner() {
        return worker;
    }

    @Override
    protected String describe() {
        return "toThread call";
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ToThread.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
