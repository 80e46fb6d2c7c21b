// SPDX-License-Identifier: Apache-2.0
package dev.weft;

import dev.weft.internal.BlockingQueueView;
import dev.weft.internal.Cancellation;
import dev.weft.internal.QueueCore;
import dev.weft.internal.WaitTime;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

/**
 * A first-in, first-out queue for passing items between tasks: asyncio's {@code asyncio.Queue}
 * (and {@code queue.Queue}), on virtual threads. {@link PriorityQueue} and {@link LifoQueue} are
 * the two other orders; every method below behaves the same in all three, except for which item
 * a get returns.
 *
 * {@snippet class=dev.weft.snippets.ApiSnippets region=Queue :
 * Queue<String> urls = new Queue<>(100);           // bounded: put blocks at 100
 * TaskGroup.run(tg -> {
 *     for (int i = 0; i < 4; i++) {
 *         tg.fork(() -> {
 *             while (true) {
 *                 String url;
 *                 try {
 *                     url = urls.get();             // blocks while empty
 *                 } catch (QueueShutdownException e) {
 *                     return null;                  // shut down and drained: done
 *                 }
 *                 try {
 *                     fetch(url);
 *                 } finally {
 *                     urls.taskDone();
 *                 }
 *             }
 *         });
 *     }
 *     for (String url : seed) {
 *         urls.put(url);
 *     }
 *     urls.join();                                  // every url fetched
 *     urls.shutdown();                              // workers drain and return
 *     return null;
 * });
 * }
 *
 * <p><b>Size.</b> {@code new Queue<>()} is unbounded; {@code new Queue<>(maxsize)} holds at most
 * {@code maxsize} items (a positive number; asyncio's {@code maxsize <= 0} for "unbounded" is
 * written {@code new Queue<>()} here). {@link #maxsize()} returns 0 for an unbounded queue, as
 * asyncio's {@code maxsize} does.
 *
 * <p><b>Fairness and hand-off.</b> Blocked getters are served in the order they started
 * waiting, and so are blocked putters; nobody overtakes a waiting caller, not even a
 * {@code putNowait}/{@code getNowait} or a task that just took an item and asks again. A put
 * that finds a getter waiting hands the item straight to it; a get that frees a slot moves the
 * first waiting putter's item in. (asyncio wakes a waiter and lets it retry, so a newcomer can
 * take the item first; Weft's hand-off is final.)
 *
 * <p><b>Cancellation.</b> Every blocking method ({@code put}, {@code get}, {@code offer},
 * {@code poll}, {@code join}) throws {@link InterruptedException} at once, before touching the
 * queue, if the calling thread is interrupted or its task or an enclosing scope has been
 * cancelled; the interrupted status is cleared. While blocked, it throws on interrupt or
 * cancellation in the same way, and then has not taken or inserted anything. When an item and a
 * cancellation reach a waiting {@code get()} together, the hand-off wins: {@code get()} returns
 * the item with the thread's interrupt status set, so the item is never lost and the next
 * blocking call reports the cancellation. Likewise a waiting {@code put()} either throws
 * {@code InterruptedException} and inserted nothing, or inserted its item and returns normally
 * with the interrupt status set.
 *
 * <p><b>Guarantees.</b> No item is lost or duplicated. The queue never holds more than
 * {@code maxsize} items. Items from one producer come out in the order that producer put them
 * (FIFO queue). {@link #putNowait} and {@link #getNowait} never fail spuriously: they fail only
 * if, at the instant they act, the queue is full (or putters are waiting) or empty (or getters
 * are waiting).
 *
 * <p><b>Memory consistency effects.</b> Actions in a thread before it puts an item
 * happen-before actions after the get that returns that item. Actions before
 * {@link #taskDone()} happen-before a {@link #join()} that returns because of it.
 *
 * <p>All methods are thread-safe; null items are rejected with {@link NullPointerException}.
 *
 * @param <T> the item type
 * @since 0.1
 */
public sealed class Queue<T> permits PriorityQueue, LifoQueue {

    private final QueueCore<T> core;
    private final int maxsize;

    /**
     * Creates an unbounded FIFO queue: asyncio's {@code Queue()}.
     *
     * @since 0.1
     */
    public Queue() {
        this(QueueCore.fifo(Integer.MAX_VALUE), 0);
    }

    /**
     * Creates a FIFO queue that holds at most {@code maxsize} items: asyncio's
     * {@code Queue(maxsize)}.
     *
     * @param maxsize the capacity, at least 1
     * @throws IllegalArgumentException if {@code maxsize} is zero or negative; use
     *     {@code new Queue<>()} for an unbounded queue
     * @since 0.1
     */
    public Queue(int maxsize) {
        this(QueueCore.fifo(checkMaxsize(maxsize, "Queue")), maxsize);
    }

    Queue(QueueCore<T> core, int maxsize) {
        this.core = core;
        core.parkOn(this);
        this.maxsize = maxsize;
    }

    static int checkMaxsize(int maxsize, String type) {
        if (maxsize <= 0) {
            throw new IllegalArgumentException(
                    "maxsize must be positive, got " + maxsize + "; use new " + type + "<>() for an unbounded queue");
        }
        return maxsize;
    }

    /** Rejects items this queue cannot hold; overridden by PriorityQueue for natural order. */
    void checkItem(T item) {
        Objects.requireNonNull(item, "Weft queues do not accept null items");
    }

    // ---- put ----

    /**
     * Puts {@code item} into the queue, waiting while it is full: asyncio's {@code await
     * q.put(item)}. If getters are waiting, the item goes straight to the first of them.
     *
     * @param item the item
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting; the item was then not inserted (the interrupted status is cleared)
     * @throws QueueShutdownException if the queue was shut down before or while waiting; the
     *     item was not inserted
     * @throws NullPointerException if {@code item} is null
     * @throws ClassCastException if this is a natural-order {@link PriorityQueue} and
     *     {@code item} is not {@link Comparable}
     * @since 0.1
     */
    public final void put(T item) throws InterruptedException {
        checkItem(item);
        Cancellation.checkpoint();
        core.put(item, QueueCore.UNTIMED, 0L);
    }

    /**
     * Puts {@code item} into the queue if it is not full, without waiting: asyncio's
     * {@code put_nowait}. Never fails spuriously: it throws only if the queue is full when it
     * acts.
     *
     * @param item the item
     * @throws QueueFullException if the queue holds {@code maxsize} items
     * @throws QueueShutdownException if the queue was shut down
     * @throws NullPointerException if {@code item} is null
     * @throws ClassCastException if this is a natural-order {@link PriorityQueue} and
     *     {@code item} is not {@link Comparable}
     * @since 0.1
     */
    public final void putNowait(T item) {
        checkItem(item);
        try {
            core.put(item, QueueCore.NOWAIT, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("putNowait does not wait", e);
        }
    }

    /**
     * Puts {@code item} into the queue, waiting at most {@code timeout} while it is full:
     * asyncio's {@code wait_for(q.put(item), timeout)}, reporting a timeout by returning false.
     * A zero or negative timeout waits not at all (but still checks for cancellation).
     *
     * @param item the item
     * @param timeout how long to wait
     * @return true if the item was inserted, false if the queue was still full at the deadline
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting; the item was then not inserted (the interrupted status is cleared)
     * @throws QueueShutdownException if the queue was shut down before or while waiting
     * @throws NullPointerException if {@code item} or {@code timeout} is null
     * @throws ClassCastException if this is a natural-order {@link PriorityQueue} and
     *     {@code item} is not {@link Comparable}
     * @since 0.1
     */
    public final boolean offer(T item, Duration timeout) throws InterruptedException {
        checkItem(item);
        long nanos = WaitTime.nanos(timeout);
        Cancellation.checkpoint();
        return core.put(item, QueueCore.TIMED, nanos);
    }

    // ---- get ----

    /**
     * Removes and returns the next item, waiting while the queue is empty: asyncio's
     * {@code await q.get()}. After {@link #shutdown()}, returns the remaining items and then
     * throws.
     *
     * @return the item
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting; no item was then taken (the interrupted status is cleared)
     * @throws QueueShutdownException if the queue is shut down and empty
     * @since 0.1
     */
    public final T get() throws InterruptedException {
        Cancellation.checkpoint();
        return core.get(QueueCore.UNTIMED, 0L);
    }

    /**
     * Removes and returns the next item if there is one, without waiting: asyncio's
     * {@code get_nowait}. Never fails spuriously: it throws only if the queue is empty when it
     * acts.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutdownException if the queue is shut down and empty
     * @since 0.1
     */
    public final T getNowait() {
        try {
            return core.get(QueueCore.NOWAIT, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("getNowait does not wait", e);
        }
    }

    /**
     * Removes and returns the next item, waiting at most {@code timeout} while the queue is
     * empty: asyncio's {@code wait_for(q.get(), timeout)}, reporting a timeout as an empty
     * {@code Optional}. A zero or negative timeout waits not at all (but still checks for
     * cancellation).
     *
     * @param timeout how long to wait
     * @return the item, or empty if the queue was still empty at the deadline
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting; no item was then taken (the interrupted status is cleared)
     * @throws QueueShutdownException if the queue is shut down and empty
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public final Optional<T> poll(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        Cancellation.checkpoint();
        return Optional.ofNullable(core.get(QueueCore.TIMED, nanos));
    }

    /**
     * Returns the item a get would return next, without removing it: {@link BlockingQueue#peek()}
     * (asyncio has none). Never blocks and does not check for cancellation. A snapshot: another
     * task may take the item before the caller acts on it.
     *
     * @return the next item, or empty if the queue is empty (shut down or not)
     * @since 0.1
     */
    public final Optional<T> peek() {
        return Optional.ofNullable(core.peek());
    }

    /**
     * Removes every item queued now and adds them to {@code sink}, in the order gets would
     * return them: {@link BlockingQueue#drainTo(Collection)}. The same as
     * {@link #drainTo(Collection, int) drainTo(sink, Integer.MAX_VALUE)}.
     *
     * @param sink where the items go
     * @return how many items were moved
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalArgumentException if {@code sink} is a view of this queue
     *     ({@link #asBlockingQueue()})
     * @since 0.1
     */
    public final int drainTo(Collection<? super T> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    /**
     * Removes at most {@code max} of the items queued now and adds them to {@code sink}, in the
     * order gets would return them: {@link BlockingQueue#drainTo(Collection, int)}. Never
     * blocks and does not check for cancellation; returns 0 if the queue is empty, also once it
     * is shut down.
     *
     * <p>It moves at most as many items as were queued when it started, each taken as by
     * {@link #getNowait()}: a bounded queue's freed slot goes to the first waiting putter, whose
     * item is then queued (in a {@link LifoQueue} it goes on top, so this call may drain it),
     * and a drained item counts as unfinished until {@link #taskDone()} is called for it, as a
     * got one does. The sink is called outside the queue's lock, one item at a time. If it
     * throws, the exception propagates, the items added so far stay in the sink and the others
     * in the queue: the item it refused goes back where the next get takes it (as
     * {@code ArrayBlockingQueue.drainTo} leaves it), unless a waiting putter of a full bounded
     * queue has taken its slot meanwhile; it is then dropped, counted as done for
     * {@link #join()} (as {@link #shutdown(boolean) shutdown(true)} counts dropped items) and
     * logged through SLF4J. (A {@link PriorityQueue} puts it back as the newest of its equals.)
     *
     * @param sink where the items go
     * @param max the most items to move; zero or negative moves none and returns 0
     * @return how many items were moved
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalArgumentException if {@code sink} is a view of this queue
     * @since 0.1
     */
    public final int drainTo(Collection<? super T> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        if (sink instanceof BlockingQueueView<?> v && v.isViewOf(core)) {
            throw new IllegalArgumentException("cannot drain a queue into its own BlockingQueue view");
        }
        if (max <= 0) {
            return 0;
        }
        return core.drainTo(sink, max);
    }

    // ---- task accounting ----

    /**
     * Marks one item as processed: asyncio's {@code task_done()}. Each successful put counts one
     * unfinished item; when every item put has been marked done, {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were put (items dropped by
     *     {@link #shutdown(boolean) shutdown(true)} count as done)
     * @since 0.1
     */
    public final void taskDone() {
        core.taskDone();
    }

    /**
     * Waits until every item ever put has been marked done with {@link #taskDone()}: asyncio's
     * {@code await q.join()}. Returns at once if there is none.
     *
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting (the interrupted status is cleared)
     * @since 0.1
     */
    public final void join() throws InterruptedException {
        Cancellation.checkpoint();
        core.join(false, 0L);
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked done. A zero or
     * negative timeout waits not at all (but still checks for cancellation).
     *
     * @param timeout how long to wait
     * @return true if every item was done, false if some were still unfinished at the deadline
     * @throws InterruptedException if the thread is interrupted or its scope cancelled, before
     *     or while waiting (the interrupted status is cleared)
     * @throws NullPointerException if {@code timeout} is null
     * @since 0.1
     */
    public final boolean join(Duration timeout) throws InterruptedException {
        long nanos = WaitTime.nanos(timeout);
        Cancellation.checkpoint();
        return core.join(true, nanos);
    }

    // ---- shutdown ----

    /**
     * Shuts the queue down gracefully: asyncio's {@code shutdown()} (Python 3.13). Later puts
     * throw {@link QueueShutdownException}, and so do waiting putters, at once (their items are
     * not inserted). Gets return the items still queued, then throw it; waiting getters (the
     * queue is empty if there are any) throw it at once. {@link #join()} is not affected.
     * Idempotent.
     *
     * @since 0.1
     */
    public final void shutdown() {
        core.shutdown(false);
    }

    /**
     * Shuts the queue down: {@code shutdown(false)} is {@link #shutdown()};
     * {@code shutdown(true)} is asyncio's {@code shutdown(immediate=True)}: it also removes
     * every queued item and returns them (in the order gets would have returned them), counts
     * each as done for {@link #join()}, and wakes every waiting caller to throw
     * {@link QueueShutdownException}. {@code join()} is then released once the items taken
     * before the shutdown have been marked done: an item taken and not yet done keeps it
     * waiting. Nothing is dropped silently: the dropped items are the return value, and a
     * waiting putter keeps its item (it gets the exception).
     *
     * @param immediate whether to drop the queued items
     * @return the dropped items; empty if {@code immediate} is false or the queue was empty
     * @since 0.1
     */
    public final List<T> shutdown(boolean immediate) {
        return core.shutdown(immediate);
    }

    /**
     * The same as {@link #shutdown(boolean) shutdown(true)}, named like
     * {@link java.util.concurrent.ExecutorService#shutdownNow()}.
     *
     * @return the dropped items, in the order gets would have returned them
     * @since 0.1
     */
    public final List<T> shutdownNow() {
        return core.shutdown(true);
    }

    /**
     * Whether {@link #shutdown()} has been called.
     *
     * @return true once the queue is shut down
     * @since 0.1
     */
    public final boolean isShutdown() {
        return core.isShutdown();
    }

    // ---- inspection ----

    /**
     * The number of items in the queue now: asyncio's {@code qsize()}. Items handed straight
     * to a waiting getter are never counted. A snapshot: it may be stale when it returns.
     *
     * @return the number of queued items
     * @since 0.1
     */
    public final int size() {
        return core.size();
    }

    /**
     * The queue's capacity, or 0 if it is unbounded, as asyncio's {@code maxsize}.
     *
     * @return the capacity, or 0
     * @since 0.1
     */
    public final int maxsize() {
        return maxsize;
    }

    /**
     * Whether the queue holds no item now: asyncio's {@code empty()}. A snapshot.
     *
     * @return true if {@code size() == 0}
     * @since 0.1
     */
    public final boolean isEmpty() {
        return core.size() == 0;
    }

    /**
     * Whether the queue holds {@code maxsize} items now: asyncio's {@code full()}. Always false
     * for an unbounded queue. A snapshot.
     *
     * @return true if the queue is bounded and full
     * @since 0.1
     */
    public final boolean isFull() {
        return maxsize > 0 && core.size() >= maxsize;
    }

    // ---- java.util.concurrent ----

    /**
     * Returns a {@link BlockingQueue} view of this queue, for code written against
     * {@code java.util.concurrent} (an executor's work queue, a library that takes a
     * {@code BlockingQueue}). Every method acts on this queue: items put through the view are
     * got here and the other way round; the view holds no state, and every call returns an
     * equivalent view.
     *
     * <p><b>Contract.</b> The view keeps {@code BlockingQueue}'s contract as the JDK's
     * {@code ArrayBlockingQueue} (bounded) or {@code LinkedBlockingQueue} (unbounded) do: null
     * items throw {@link NullPointerException}; {@code add} on a full queue throws
     * {@link IllegalStateException} (a {@link QueueFullException}); {@code remove()} and
     * {@code element()} on an empty queue throw {@link java.util.NoSuchElementException};
     * {@code offer(e)} and {@code poll()} return false / null instead of waiting, timed
     * {@code offer} and {@code poll} return false / null when the time runs out (negative
     * timeouts mean zero, huge ones saturate); {@code drainTo} works as {@link #drainTo(Collection,
     * int)}, rejecting a null sink ({@code NullPointerException}) and the view itself
     * ({@link IllegalArgumentException}); {@code remainingCapacity()} is
     * {@code maxsize() - size()}, or {@link Integer#MAX_VALUE} for an unbounded queue.
     * {@code iterator()}, {@code toArray()}, {@code contains}, {@code toString()} work on a
     * snapshot: weakly consistent, never throwing {@link java.util.ConcurrentModificationException};
     * {@code Iterator.remove()} removes the item it returned if it is still queued. The
     * snapshot is in get order for {@code Queue} and {@link LifoQueue}, and in no particular
     * order for {@link PriorityQueue} (as {@code PriorityBlockingQueue}'s iterator). The view
     * is not {@link java.io.Serializable}.
     *
     * <p><b>Weft's guarantees hold through the view.</b> Waiting takers and putters are served
     * FIFO with direct hand-off, and nobody overtakes them, not even {@code offer(e)} or
     * {@code poll()}. {@code put}, {@code take} and the timed {@code offer}/{@code poll} are
     * the Weft blocking calls: they check for cancellation first (in a cancelled task they
     * throw {@link InterruptedException} at once, even if an earlier one was swallowed) and
     * throw it when interrupted or cancelled while waiting, with the interrupted status
     * cleared and nothing taken or inserted; an item that reaches a waiting {@code take} as it
     * is cancelled is returned with the interrupt status set, so it is never lost. The other
     * methods never block and do not check for cancellation. Items taken through the view
     * ({@code poll}, {@code take}, {@code remove()}, {@code drainTo}) count as unfinished until
     * {@link #taskDone()}, as with {@link #get()}; items removed without being handed out
     * ({@code remove(Object)}, {@code clear()}, {@code removeIf}, {@code removeAll},
     * {@code retainAll}, {@code Iterator.remove()}) count as done for {@link #join()}, as
     * {@link #shutdown(boolean) shutdown(true)} counts its dropped items. A freed slot of a
     * bounded queue goes to the first waiting putter, whatever removed the item.
     *
     * <p><b>Shutdown</b> ({@code BlockingQueue} has no such state). After {@link #shutdown()},
     * the blocking methods behave as Weft's own: {@code put} and the timed {@code offer} throw
     * {@link QueueShutdownException}; {@code take} and the timed {@code poll} return the items
     * still queued, then throw {@code QueueShutdownException} instead of waiting for an item
     * that can never come; callers waiting in them when the queue is shut down throw it at
     * once. The non-blocking methods report the state instead: {@code offer(e)} returns false
     * and {@code add(e)} throws {@code QueueShutdownException} (an
     * {@link IllegalStateException}, as for a full queue), {@code remainingCapacity()} is 0,
     * and once the queue is empty {@code poll()} and {@code peek()} return null, {@code remove()}
     * throws {@code NoSuchElementException} and {@code drainTo} returns 0.
     *
     * <p><b>Memory consistency effects</b> are those of the queue: actions before an item is
     * put, through either side, happen-before actions after the take, get, poll or drain that
     * returns it.
     *
     * {@snippet class=dev.weft.snippets.ApiSnippets region=QueueAsBlockingQueue :
     * Queue<Job> jobs = new Queue<>(100);
     * legacyProducer.start(jobs.asBlockingQueue()); // calls put(...) from its own threads
     * TaskGroup.run(tg -> {
     *     tg.fork(() -> {
     *         while (true) {
     *             process(jobs.get()); // Weft side: get(), cancellable
     *         }
     *     });
     *     return null;
     * });
     * }
     *
     * @return the view
     * @since 0.1
     */
    public final BlockingQueue<T> asBlockingQueue() {
        return new BlockingQueueView<>(core, maxsize > 0, !(this instanceof PriorityQueue), this::checkItem);
    }

    /** For tests: the mechanics behind this queue. */
    final QueueCore<T> core() {
        return core;
    }

    /**
     * A description with the queue's kind, size and capacity, e.g. {@code Queue[size=3, maxsize=10]}.
     *
     * @return the description
     * @since 0.1
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + size() + ", maxsize=" + maxsize
                + (isShutdown() ? ", shut down" : "") + "]";
    }
}
