// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.DeadlockException;
import dev.weft.internal.jfr.DeadlockEvent;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlock detection for Weft's locks (the JDK's {@code findDeadlockedThreads} ignores virtual
 * threads): a thread about to park on a {@link MutexSync} follows the chain "this lock is held
 * by T, T waits for lock L', L' is held by ..." and, if it leads back to itself, withdraws and
 * throws {@link DeadlockException} instead of parking forever.
 */
/*
 * Implementation notes.
 *
 * Each thread that waits on the contended path of a lock registers its Waiter: a Weft task in
 * its own ForkedTask's `lockWait` field (one volatile write to an object no other thread
 * writes, so a thousand tasks queueing on one lock do not contend on a shared map), any other
 * thread in SLOTS, or in BLOCKED if its slot is taken. Registered in MutexSync.parking (once its
 * spinning is over, before it parks), cleared in MutexSync.waited. So uncontended and briefly
 * contended acquires never touch any of them.
 *
 * SLOTS: a fixed table of 4,096 Waiters, one slot per thread id hashed (Fibonacci hashing, so
 * threads with consecutive ids land on different cache lines). A thread takes its slot with a
 * CAS from null and clears it with a CAS back; if another thread holds it, the thread goes to
 * BLOCKED instead. A walker looks in the slot first (its Waiter must be that thread's) and then
 * in BLOCKED. Profiled on LockBenchmark (8 plain virtual threads on one Lock), BLOCKED alone
 * cost 10% of all samples (its bins and size counter, written by every parking thread); the
 * slots are written by one thread each.
 *
 * Who detects: every blocker registers and then walks. Of the threads of a cycle, the last to
 * register sees everyone else registered (each does put, then a full fence, then its reads:
 * Dekker's pattern, so two threads closing a cycle at once cannot both miss each other), and
 * each holder wrote itself into its lock's owner before its own put, so the walker that reads
 * the holder's entry and then re-reads the owner sees it. A cycle that does not pass through
 * the walker (it waits on the chain's tail) is left to its own last member.
 *
 * No false reports: a walk's reads are not one snapshot (a holder may release the lock between
 * two reads). So a cycle found is checked again: every lock still held by the same thread, and
 * every thread still registered with the same Waiter, still WAITING. A Waiter leaves WAITING
 * once and a thread inside an acquire releases nothing, so if a thread's Waiter was WAITING at
 * both reads, that thread held its lock and waited throughout the time between them; since the
 * second pass starts after the first ends, all of them did at one instant: a real cycle, which
 * nobody in it can break (each waits for the next). A timed or interruptible waiter in it could
 * still give up later; the cycle is reported anyway (timed acquires throw too, by design).
 *
 * One exception per cycle: two members may find it at once. A walk that finds a cycle takes
 * CONFIRM (a j.u.c lock, taken only then, so contention on a lock never serialises on it) and
 * walks, checks and withdraws again under it; the first to withdraw has left WAITING, so the
 * second finds the cycle broken and waits on (the first member's unwinding frees it).
 *
 * Field access: ForkedTask.lockWait written by that task's thread only, read by any walker;
 * a slot of SLOTS CAS'd by the thread that registers in it, read by any walker; BLOCKED is a
 * ConcurrentHashMap; a Waiter's status is volatile (Waiter).
 */
final class Deadlocks {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlockException.class);

    private static final int SLOT_BITS = 12;

    /** The Waiters of threads that are not Weft tasks, parked (or about to park) on a lock. */
    private static final AtomicReferenceArray<Waiter> SLOTS = new AtomicReferenceArray<>(1 << SLOT_BITS);

    /** Those whose slot in SLOTS was taken by another thread, with their Waiter. */
    private static final ConcurrentHashMap<Thread, Waiter> BLOCKED = new ConcurrentHashMap<>();

    /** Serialises confirming a cycle, so that only one of its members withdraws; see the notes. */
    private static final ReentrantLock CONFIRM = new ReentrantLock();

    /** Bound on a walk: longer chains are not followed (they are not cycles through us). */
    private static final int MAX_CHAIN = 256;

    private Deadlocks() {}

    /**
     * The current thread is about to park on {@code lock} as {@code w}. Registers it and throws
     * {@link DeadlockException} if waiting would close a cycle (having withdrawn {@code w}); if
     * {@code w} was granted meanwhile, returns and the acquire succeeds.
     */
    static void blocking(MutexSync lock, Waiter w) {
        register(w.thread, w);
        VarHandle.fullFence(); // Dekker with other walkers: see the notes
        if (cycleThrough(lock, w.thread) == null) {
            return; // the common case: no lock taken, nothing allocated beyond the walk
        }
        List<Edge> cycle;
        CONFIRM.lock();
        try {
            cycle = cycleThrough(lock, w.thread);
            if (cycle == null || !stillHolds(cycle) || !lock.withdraw(w, false)) {
                return; // no cycle after all, or granted meanwhile
            }
            unregister(w.thread, w);
        } finally {
            CONFIRM.unlock();
        }
        throw report(w.thread, cycle);
    }

    /** The current thread stopped waiting as {@code w}. */
    static void unblocked(Waiter w) {
        unregister(w.thread, w);
    }

    private static void register(Thread t, Waiter w) {
        ForkedTask<?> f = Cancellation.taskOf(t);
        if (f != null) {
            f.lockWait = w;
        } else if (!SLOTS.compareAndSet(slot(t), null, w)) {
            BLOCKED.put(t, w);
        }
    }

    private static void unregister(Thread t, Waiter w) {
        ForkedTask<?> f = Cancellation.taskOf(t);
        if (f != null) {
            if (f.lockWait == w) {
                f.lockWait = null;
            }
        } else if (!SLOTS.compareAndSet(slot(t), w, null)) {
            BLOCKED.remove(t, w);
        }
    }

    /** The Waiter {@code t} registered as blocked on a lock, or null. */
    private static Waiter registered(Thread t) {
        ForkedTask<?> f = Cancellation.taskOf(t);
        if (f != null) {
            return f.lockWait;
        }
        Waiter w = SLOTS.get(slot(t));
        return w != null && w.thread == t ? w : BLOCKED.get(t);
    }

    /** {@code t}'s slot in SLOTS: its id, Fibonacci-hashed. */
    static int slot(Thread t) {
        return (int) ((t.threadId() * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - SLOT_BITS));
    }

    /** One step of a chain: {@code lock} is held by {@code holder}, which waits as {@code waits}. */
    private record Edge(MutexSync lock, Thread holder, Waiter waits) {}

    /**
     * Follows the chain from {@code lock}: returns its edges if it leads back to {@code me}
     * (the last edge's holder is me, whose Waiter is the one just registered), else null.
     */
    private static List<Edge> cycleThrough(MutexSync lock, Thread me) {
        List<Edge> chain = new ArrayList<>();
        MutexSync l = lock;
        while (chain.size() < MAX_CHAIN) {
            Thread h = l.holder();
            if (h == null) {
                return null;
            }
            Waiter hw = registered(h);
            if (hw == null || hw.status() != Waiter.WAITING || !(hw.owner instanceof MutexSync next)) {
                return null;
            }
            if (l.holder() != h) {
                return null; // changed hands while we looked
            }
            chain.add(new Edge(l, h, hw));
            if (h == me) {
                return chain;
            }
            for (int i = 0; i < chain.size() - 1; i++) {
                if (chain.get(i).holder == h) {
                    return null; // a cycle that does not pass through us: its last member reports it
                }
            }
            l = next;
        }
        return null;
    }

    /** The second pass of the notes: every edge read again, owners first. */
    private static boolean stillHolds(List<Edge> cycle) {
        for (Edge e : cycle) {
            if (e.lock.holder() != e.holder) {
                return false;
            }
        }
        for (Edge e : cycle) {
            if (registered(e.holder) != e.waits || e.waits.status() != Waiter.WAITING) {
                return false;
            }
        }
        return true;
    }

    /** The exception for {@code cycle}, detected by {@code me}; logged at WARN and sent to JFR. */
    private static DeadlockException report(Thread me, List<Edge> cycle) {
        // cycle: lock0 held by h0 (waits for lock1), ..., lockN held by me. Start with me.
        int n = cycle.size();
        List<String> tasks = new ArrayList<>(n);
        List<String> locks = new ArrayList<>(n);
        tasks.add(WeftThreads.describe(me));
        locks.add(cycle.get(0).lock.label());
        for (int i = 0; i < n - 1; i++) {
            tasks.add(WeftThreads.describe(cycle.get(i).holder));
            locks.add(cycle.get(i + 1).lock.label());
        }
        StringBuilder text = new StringBuilder("deadlock: ");
        text.append(tasks.get(0)).append(" would wait for ");
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : ", which waits for ")
                    .append(locks.get(i))
                    .append(", held by ")
                    .append(tasks.get((i + 1) % n));
        }
        String message = text.toString();
        LOG.warn("{}; {} gets DeadlockException instead of waiting forever", message, tasks.get(0));
        DeadlockEvent.emit(message);
        return new DeadlockException(message, tasks, locks);
    }
}
