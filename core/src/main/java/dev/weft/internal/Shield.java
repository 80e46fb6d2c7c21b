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
 * Weft.deadline() inside it is empty. It is adopted by the nearest ThreadsGroup around the
 * caller (Weft.run provides one around its body), which counts it as live, so the group does
 * not end before it, but skips it when cancelling. If the caller is cancelled while waiting,
 * it marks the task abandoned and throws InterruptedException at once; a failure of an
 * abandoned task has no one left to receive it and is logged once (claimUnretrieved decides
 * between the caller and the task's own thread, whichever comes second).
 *
 * Outside any group (a plain thread), there is nothing to own the task: it runs on alone.
 */
public final class Shield {

    private Shield() {}

    public static <T, X extends Exception> T shield(Block<T, X> body) throws X, InterruptedException {
        Cancellation.checkpoint();
        ThreadsGroup owner = ThreadsGroup.nearest(Cancellation.current());
        boolean adopted = owner != null && owner.reserveUnit();
        ForkedTask<T> task = ForkedTask.create(adopted ? owner : null, null, "shield", "weft-shield", 0, body::run);
        task.shielded = true;
        if (adopted) {
            owner.adopt(task);
        }
        task.start();
        try {
            task.thread().join();
        } catch (InterruptedException e) {
            if (task.thread().isAlive()) {
                task.abandoned = true;
                Throwable thrown = task.finished ? task.thrown() : null;
                if (thrown != null && !ForkedTask.isCancellation(thrown) && task.claimUnretrieved()) {
                    ForkedTask.logNeverRetrieved("Shielded task '" + task.name() + "'", thrown);
                }
                throw e;
            }
            Thread.currentThread().interrupt(); // it ended as we were cancelled: its outcome wins
        }
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
