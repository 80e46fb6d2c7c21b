// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.internal.jfr.LockOrderViolationEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock-order checking (Linux's lockdep, Abseil's Mutex deadlock detection), on with
 * {@code -Dweft.lockOrder=check}: records "held A while acquiring B" for Weft's locks and
 * reports, at WARN with both stacks and as a {@code dev.weft.LockOrderViolation} JFR event, the
 * first acquisition whose order closes a cycle in that graph, even on a run where no deadlock
 * happened. It runs before the acquire can block, so an inversion is reported before it hangs.
 */
/*
 * Implementation notes.
 *
 * Off (the default), ENABLED is a static final false and MutexSync's calls fold away.
 *
 * On: each thread keeps the locks it holds, in acquisition order (HELD; a ThreadLocal, which is
 * fine for a checking mode). Each lock gets a Node (MutexSync.orderNode, created on its first
 * acquisition here) holding its label and its outgoing edges, each with the stack of the
 * acquisition that first added it. A node does not refer to its lock, so the graph keeps no lock
 * alive. acquiring(B) with A held: if A->B is known, nothing to do; else, if B reaches A in the
 * graph, A->B closes a cycle: reported once per pair; then A->B is added. Graph changes and
 * searches run under GRAPH (a j.u.c lock: no monitor pins a virtual thread), only for edges not
 * seen before, so a program that keeps one order pays a map lookup per held lock.
 *
 * Field access: HELD per thread; Node.edges a ConcurrentHashMap, written under GRAPH; REPORTED
 * under GRAPH; MutexSync.orderNode written under GRAPH, read racily (then re-read under it).
 */
final class LockOrder {

    /** True under {@code -Dweft.lockOrder=check}; read once. */
    static final boolean ENABLED = "check".equals(System.getProperty("weft.lockOrder"));

    private static final Logger LOG = LoggerFactory.getLogger("dev.weft.LockOrder");
    private static final ThreadLocal<List<MutexSync>> HELD = ThreadLocal.withInitial(ArrayList::new);
    private static final ReentrantLock GRAPH = new ReentrantLock();
    private static final Set<List<Node>> REPORTED = new HashSet<>();

    private LockOrder() {}

    /** One lock in the order graph. */
    static final class Node {
        final String label;
        /** Target -> the stack of the acquisition that first took this edge. */
        final Map<Node, Throwable> edges = new ConcurrentHashMap<>();

        Node(String label) {
            this.label = label;
        }
    }

    /** The current thread is about to acquire {@code lock} (it does not hold it). */
    static void acquiring(MutexSync lock) {
        List<MutexSync> held = HELD.get();
        if (held.isEmpty()) {
            return;
        }
        Node b = node(lock);
        for (MutexSync h : held) {
            Node a = node(h);
            if (a != b && !a.edges.containsKey(b)) {
                addEdge(a, b);
            }
        }
    }

    /** The current thread now holds {@code lock}. */
    static void acquired(MutexSync lock) {
        HELD.get().add(lock);
    }

    /** The current thread released {@code lock} (its last hold). */
    static void released(MutexSync lock) {
        List<MutexSync> held = HELD.get();
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i) == lock) {
                held.remove(i);
                return;
            }
        }
    }

    private static Node node(MutexSync lock) {
        Node n = lock.orderNode;
        if (n != null) {
            return n;
        }
        GRAPH.lock();
        try {
            if (lock.orderNode == null) {
                lock.orderNode = new Node(lock.label());
            }
            return lock.orderNode;
        } finally {
            GRAPH.unlock();
        }
    }

    private static void addEdge(Node a, Node b) {
        Throwable here = new Throwable(b.label + " acquired while holding " + a.label);
        here.setStackTrace(userFrames(here.getStackTrace()));
        GRAPH.lock();
        try {
            if (a.edges.containsKey(b)) {
                return;
            }
            List<Node> path = path(b, a);
            a.edges.put(b, here);
            if (path != null && REPORTED.add(List.of(a, b))) {
                report(a, b, path, here);
            }
        } finally {
            GRAPH.unlock();
        }
    }

    /** The stack from the first frame outside dev.weft.internal (the Lock call the user made). */
    private static StackTraceElement[] userFrames(StackTraceElement[] all) {
        int i = 0;
        while (i < all.length - 1 && all[i].getClassName().startsWith("dev.weft.internal.")) {
            i++;
        }
        return java.util.Arrays.copyOfRange(all, i, all.length);
    }

    /** A path from {@code from} to {@code to} in the graph (both ends included), or null. GRAPH held. */
    private static List<Node> path(Node from, Node to) {
        Map<Node, Node> cameFrom = new java.util.HashMap<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(from);
        cameFrom.put(from, from);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (n == to) {
                List<Node> path = new ArrayList<>();
                for (Node x = to; x != from; x = cameFrom.get(x)) {
                    path.add(0, x);
                }
                path.add(0, from);
                return path;
            }
            for (Node next : n.edges.keySet()) {
                if (cameFrom.putIfAbsent(next, n) == null) {
                    todo.add(next);
                }
            }
        }
        return null;
    }

    private static void report(Node a, Node b, List<Node> path, Throwable here) {
        String earlier;
        if (path.size() == 2) {
            earlier = path.get(0).label + " was held while acquiring " + path.get(1).label;
        } else {
            StringBuilder chain = new StringBuilder();
            for (int i = 0; i < path.size(); i++) {
                chain.append(i == 0 ? "" : " -> ").append(path.get(i).label);
            }
            earlier = "the chain " + chain + " was taken, each held while acquiring the next";
        }
        String who = WeftThreads.describe(Thread.currentThread());
        String message = "lock order inversion: " + who + " acquires " + b.label + " while holding " + a.label
                + ", but earlier " + earlier + "; tasks doing both at once can deadlock (this stack, then the"
                + " earlier one as its cause)";
        Throwable earlierStack = path.get(0).edges.get(path.get(1));
        Throwable now = new Throwable("this acquisition: " + here.getMessage(), earlierStack);
        now.setStackTrace(here.getStackTrace());
        LOG.warn(message, now);
        LockOrderViolationEvent.emit(a.label, b.label);
    }
}
