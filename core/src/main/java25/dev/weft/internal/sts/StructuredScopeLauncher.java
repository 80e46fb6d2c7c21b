// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal.sts;

import dev.weft.internal.ForkedTask;
import dev.weft.internal.Group;
import dev.weft.internal.Launcher;
import dev.weft.internal.WeftThreads;
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
 * in Group; the scope is used for what only it can give: tasks inherit the opener's
 * ScopedValue bindings, and thread dumps show them inside the group's scope. The scope's joiner
 * is awaitAll and Weft never cancels the scope: Weft cancels tasks itself, by interrupt.
 *
 * The scope creates task threads through its ThreadFactory. Each ForkedTask already has its
 * (unstarted) thread, so the factory hands that thread back, passing the scope's own runnable
 * to the task (ForkedTask.runVia); the scope then starts it inside its flock. The factory
 * learns which task it is making a thread for from `pending`, a field only the scope's owner
 * touches, set around each fork.
 *
 * StructuredTaskScope lets only its owner fork, and only in the ScopedValue bindings the scope
 * was opened in; any task of a Weft group may fork into it, and the opener may fork from inside
 * a ScopedValue.where(...) of its own. Those forks go to a fork server: a subtask the opener
 * starts as it opens the group (so it inherits the bindings the group was opened in, whatever
 * the first fork looks like), which owns a nested scope and forks the requests it receives
 * there, so every task sees the opener's bindings as they were at open, and the dump shows
 * group -> fork server -> those tasks. The cost is one extra virtual thread per group, and a
 * queue hop for tasks forked by tasks.
 *
 * A fork the JDK refuses with StructureViolationException (the opener re-bound a ScopedValue)
 * has already tied the task's pre-made thread to the scope (Thread.start sets the container
 * before it checks the bindings), so that thread can never start: the task gets a fresh one
 * (ForkedTask.freshThread) before it goes to the server.
 *
 * The server ends with the group. The task whose end leaves no unit live while the opener waits
 * wakes it (Launcher.tasksDone, on that task's own carrier, right after it wakes the opener); the
 * server then closes the group itself (Group.tryClose: the opener's own check and CAS, so it
 * succeeds only when no fork can come any more) and ends, while the opener wakes. If it cannot
 * close the group yet (a fork came in meanwhile), it waits on; the opener stops it in any case
 * once the group is closed (Launcher.groupEnding), and once every task's thread has ended
 * (Launcher.groupEnded) joins and closes the scope. Waking the server only after the opener had
 * closed the group made every group pay, in sequence, the wake-up of an idle carrier for the
 * server and then the opener's own wake-up at its exit: a JFR park profile of 1,000-task groups
 * showed the opener parked in StructuredTaskScope.join in every other group, 67 us on average
 * (since: one group in seven, 21 us).
 * StructuredTaskScope.join() throws if the owner's interrupt status is set, so it is cleared
 * around the join and restored after.
 *
 * Field access:
 *   group, opener, scope, server   final; scope used by the opener only.
 *   pending                        opener only (the server has its own).
 */
final class StructuredScopeLauncher implements Launcher {

    private final Group group;
    private final Thread opener;
    private final StructuredTaskScope<Object, Void> scope;
    private final ForkServer server;
    private ForkedTask<?> pending;

    StructuredScopeLauncher(Group group) {
        this.group = group;
        this.opener = group.opener();
        this.scope = StructuredTaskScope.open(
                Joiner.awaitAll(), cf -> cf.withThreadFactory(factory()).withName(scopeName()));
        this.server = new ForkServer(scopeName() + "/forks", group);
        scope.fork(server::serve);
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
                return WeftThreads.virtual(scopeName() + "/forks", r);
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
            pending = task;
            try {
                scope.fork(task.scopeTask());
                return;
            } catch (StructureViolationException e) {
                // The opener re-bound a ScopedValue since it opened the group: the scope refuses
                // to start threads from here, and the refused thread is spoiled (see the notes).
                task.freshThread();
            } finally {
                pending = null;
            }
        }
        server.submit(task);
    }

    @Override
    public void tasksDone() {
        server.wake();
    }

    @Override
    public void groupEnding() {
        server.stop();
    }

    @Override
    public void groupEnded() {
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

    /** Forks, into a scope of its own, the tasks that the opener cannot fork itself. */
    private static final class ForkServer {
        private final String name;
        private final Group group;
        private final ConcurrentLinkedQueue<ForkedTask<?>> requests = new ConcurrentLinkedQueue<>();
        private volatile Thread thread;
        private volatile boolean stopping;
        private ForkedTask<?> pending; // server thread only

        ForkServer(String name, Group group) {
            this.name = name;
            this.group = group;
        }

        /** Has the server look again: at its requests, and whether the group is done (see the notes). */
        void wake() {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        void submit(ForkedTask<?> task) {
            requests.add(task);
            wake();
        }

        void stop() {
            stopping = true;
            wake();
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
                    } else if (stopping || group.tryClose()) {
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
