// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/**
 * Why a scope was cancelled: the kind, which decides what the scope reports when it ends, and
 * the words that every message about it carries (Trio 0.31's cancel reasons).
 *
 * @param kind what the scope reports when it ends
 * @param text why, as a phrase: {@code "task 'fetch-b' failed: java.io.IOException: ..."};
 *     null for {@link CancelReason#PARENT}, whose words are those of the enclosing scope
 * @param forTasks the phrase for the tasks a group cancels because of it, which see the cause
 *     from their side ({@code "sibling 'fetch-b' failed: ..."})
 */
public record Cancel(CancelReason kind, String text, String forTasks) {

    /** Cancelled because an enclosing scope was: the words are the enclosing scope's. */
    static final Cancel PARENT = new Cancel(CancelReason.PARENT, null, null);

    /** {@code Task.cancel()}. */
    static final Cancel TASK_CANCEL =
            new Cancel(CancelReason.CANCELLED, "Task.cancel() was called", "an enclosing task was cancelled");

    /** A cancel with one phrase for the scope and its tasks alike. */
    static Cancel of(CancelReason kind, String text) {
        return new Cancel(kind, text, text);
    }
}
