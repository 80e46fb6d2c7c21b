package dev.weft.internal.sts;

import dev.weft.internal.ForkedTask;
import dev.weft.internal.Launcher;
import dev.weft.internal.ThreadsGroup;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.StructureViolationException;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a group's tasks inside a {@code StructuredTaskScope} owned by the group's opener.
 */
/*
 * Implementation notes.
 *
 * Weft keeps all of a group's semantics (counting, cancellation, failures, the list of tasks)
 * in ThreadsGroup; the scope is used for what only it can give: tasks inherit the opener's
 * ScopedValue bindings, and thread dumps show them inside the group's scope. The scope's joiner
 * is awaitAll and Weft never cancels the scope: Weft cancels tasks itself, by interrupt.
 *
 * The scope creates task threads through its ThreadFactory. Each ForkedTask already has its
 * (unstarted) thread, so the factory hands that thread back, passing the scope's own runnable
 * to the task (ForkedTask.runVia); the scope then starts it inside its flock. The factory
 * learns which task it is making a thread for from `pending`, a field only the scope's owner
 * touches, set around each fork.
 *
 * StructuredTaskScope lets only its owner fork, but any task of a Weft group may fork into it.
 * Forks by the opener go straight into the group's scope. Forks by any other thread go to a
 * fork server: a subtask the opener starts at its first fork, which owns a nested scope and
 * forks the requests it receives there. Its thread inherited the opener's bindings, so the
 * nested scope passes them on, and the dump shows group -> fork server -> those tasks. The
 * cost is one extra virtual thread per group that forks, and a queue hop for tasks forked by
 * tasks. A fork by another thread before the opener's first fork (only possible from outside
 * the group) starts the task's thread directly, outside the scope. So does an opener fork made
 * after the opener re-bound a ScopedValue (the scope then refuses it with
 * StructureViolationException) if the server has not started yet; otherwise it goes to the
 * server.
 *
 * At the end (Launcher.groupEnded, called once every task's thread has ended), the opener
 * stops the server and joins and closes the scope. StructuredTaskScope.join() throws if the
 * owner's interrupt status is set, so it is cleared around the join and restored after.
 *
 * Field access:
 *   scope, opener           final; scope used by the opener only.
 *   pending                 opener only (the server has its own).
 *   server                  written by the opener at its first fork, read by forking threads.
 */
final class StructuredScopeLauncher implements Launcher {

    private final ThreadsGroup group;
    private final Thread opener;
    private final StructuredTaskScope<Object, Void> scope;
    private ForkedTask<?> pending;
    private volatile ForkServer server;

    StructuredScopeLauncher(ThreadsGroup group, String name) {
        this.group = group;
        this.opener = group.opener();
        this.scope = StructuredTaskScope.open(
                Joiner.awaitAll(), cf -> cf.withThreadFactory(factory()).withName(name == null ? "weft-group" : name));
    }

    /** Fails on a runtime that cannot run the preview API. */
    static void probe() {
        Joiner.awaitAll();
    }

    private ThreadFactory factory() {
        return r -> {
            ForkedTask<?> t = pending;
            if (t == null) {
                // the fork server's own thread
                return Thread.ofVirtual().name(scopeName() + "/forks").unstarted(r);
            }
            t.runVia(r);
            return t.thread();
        };
    }

    private String scopeName() {
        return group.name() == null ? "weft-group" : group.name();
    }

    @Override
    public void launch(ForkedTask<?> task) {
        if (Thread.currentThread() == opener) {
            try {
                if (server == null) {
                    ForkServer s = new ForkServer(scopeName() + "/forks");
                    pending = null;
                    scope.fork(s::serve);
                    server = s;
                }
                pending = task;
                try {
                    scope.fork(task.scopeTask());
                } finally {
                    pending = null;
                }
                return;
            } catch (StructureViolationException e) {
                // The opener has re-bound a ScopedValue since it opened the group: the scope
                // refuses to start threads from here. Fall through to the fork server.
                task.runVia(null);
            }
        }
        ForkServer s = server;
        if (s == null) {
            task.start(); // outside the group, before the opener forked: no scope to start it in
        } else {
            s.submit(task);
        }
    }

    @Override
    public void groupEnded() {
        ForkServer s = server;
        if (s != null) {
            s.stop();
        }
        boolean interrupted = Thread.interrupted();
        try {
            scope.join();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            scope.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forks, into a scope of its own, the tasks that threads other than the opener fork. */
    private static final class ForkServer {
        private final String name;
        private final ConcurrentLinkedQueue<ForkedTask<?>> requests = new ConcurrentLinkedQueue<>();
        private volatile Thread thread;
        private volatile boolean stopping;
        private ForkedTask<?> pending; // server thread only

        ForkServer(String name) {
            this.name = name;
        }

        void submit(ForkedTask<?> task) {
            requests.add(task);
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        void stop() {
            stopping = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        Void serve() throws InterruptedException {
            thread = Thread.currentThread();
            try (var inner = StructuredTaskScope.open(
                    Joiner.<Object>awaitAll(),
                    cf -> cf.withName(name).withThreadFactory(r -> {
                        ForkedTask<?> t = pending;
                        t.runVia(r);
                        return t.thread();
                    }))) {
                for (; ; ) {
                    ForkedTask<?> t = requests.poll();
                    if (t != null) {
                        pending = t;
                        try {
                            inner.fork(t.scopeTask());
                        } finally {
                            pending = null;
                        }
                    } else if (stopping) {
                        break;
                    } else {
                        LockSupport.park(this);
                        Thread.interrupted(); // nothing cancels the server but stop()
                    }
                }
                inner.join();
            }
            return null;
        }
    }
}
