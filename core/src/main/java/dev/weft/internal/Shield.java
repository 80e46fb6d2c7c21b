// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import dev.weft.Block;

/**
 * {@code Weft.shield}: the body runs in its own task, out of reach of every enclosing
 * cancellation and deadline, owned by the caller's nearest group (which waits for it).
 */
/*
 * Implementation notes.
 *
 * The shielded task's scope has no parent, so no enclosing cancel or deadline reaches it, and
 * Weft.deadline() inside it is empty. It is adopted by the nearest Group around the caller
 * (Weft.run provides one around its body) and started by that group's launcher, so it sees
 * what the group's tasks see (under sts, the opener's ScopedValue bindings). The group counts
 * it as live, so it does not end before it, but skips it when cancelling. The caller waits for
 * the task's end like a join (ForkedTask.awaitEnd, through the one Waiter). If the caller is
 * cancelled while waiting, it marks the task abandoned and throws InterruptedException at once;
 * a failure of an abandoned task has no one left to receive it and is logged once
 * (claimUnretrieved decides between the caller and the task's own thread, whichever is second).
 *
 * Outside any group (a plain thread that is not inside Weft.run or a TaskGroup) nothing else
 * can own the task: the caller opens a group of its own and adopts the task into it, so a
 * caller interrupted meanwhile still waits for the body (which the interrupt does not reach)
 * and then throws InterruptedException. That is the closest structured meaning of "survives
 * the caller's cancellation" where no enclosing group can take the task over.
 */
public final class Shield {

    private Shield() {}

    public static <T, X extends Exception> T shield(Block<T, X> body) throws X, InterruptedException {
        Cancellation.checkpoint();
        Group owner = Group.nearest(Cancellation.current());
        ForkedTask<T> task = owner == null ? null : owner.adopt("shield", body::run);
        if (task == null) {
            return shieldInOwnGroup(body);
        }
        try {
            task.awaitEnd(-1L);
        } catch (InterruptedException e) {
            abandon(task);
            throw e;
        }
        return outcome(task);
    }

    /** No group to own the task: the caller's own group does, and the caller waits for it. */
    private static <T, X extends Exception> T shieldInOwnGroup(Block<T, X> body) throws InterruptedException {
        Group own = Group.open(null, Group.Mode.SUPERVISING);
        ForkedTask<T> task;
        try {
            task = own.adopt("shield", body::run);
        } catch (Throwable e) {
            own.close();
            throw e;
        }
        if (own.awaitAndLeave()) {
            abandon(task);
            throw new InterruptedException("the caller of Weft.shield was cancelled (its body ran to its end)");
        }
        return outcome(task);
    }

    /** The caller was cancelled and stops waiting: nobody will retrieve the task's failure. */
    private static void abandon(ForkedTask<?> task) {
        task.abandoned = true;
        Throwable thrown = task.finished ? task.thrown() : null;
        if (thrown != null && !ForkedTask.isCancellation(thrown) && task.claimUnretrieved()) {
            ForkedTask.logNeverRetrieved("Shielded task '" + task.name() + "'", thrown);
        }
    }

    private static <T> T outcome(ForkedTask<T> task) throws InterruptedException {
        if (task.rawState() == ForkedTask.SUCCESS) {
            return task.resultNow();
        }
        task.markRetrieved();
        Throwable thrown = task.thrown();
        if (thrown != null) {
            throw Sneaky.<RuntimeException>rethrow(thrown);
        }
        throw new InterruptedException("the shielded body was cancelled");
    }
}
