package dev.weft.internal;

import dev.weft.Block;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 * A caller interrupted while the call runs cancels it and keeps waiting (uninterruptibly) for
 * ENDED: toThread never returns while its body still runs. The outcome then follows DESIGN §3:
 * a value that was produced wins (interrupt re-asserted); otherwise InterruptedException.
 */
public final class ToThread<T> extends Scope implements Runnable {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int ENDED = 2;
    static final int SKIPPED = 3;

    private static final ThreadPoolExecutor POOL = newPool();

    private final Block<T, ?> body;
    private final Thread caller;
    private volatile Thread worker;
    private volatile int state;
    private T value;
    private Throwable thrown;

    private ToThread(Scope parent, Block<T, ?> body) {
        super(parent);
        this.body = body;
        this.caller = Thread.currentThread();
    }

    private static ThreadPoolExecutor newPool() {
        int n = Integer.getInteger("weft.toThread.threads", Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                n,
                n,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform()
                        .name("weft-to-thread-" + count.incrementAndGet())
                        .daemon(true)
                        .unstarted(r));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The number of platform threads the pool may use at once. */
    public static int poolSize() {
        return POOL.getMaximumPoolSize();
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
        try {
            value = body.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            exit();
            Cancellation.leave(this, null);
            state = ENDED;
            LockSupport.unpark(caller);
        }
    }

    @SuppressWarnings("unchecked")
    private <X extends Exception> T await() throws X, InterruptedException {
        boolean interrupted = false;
        while (state < ENDED) {
            LockSupport.park(this);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                if (STATE.compareAndSet(this, NEW, SKIPPED)) {
                    POOL.remove(this);
                    throw new InterruptedException("toThread was cancelled before its body started");
                }
                cancel(CancelReason.CANCELLED); // interrupts the worker; we still wait for it
            }
        }
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
