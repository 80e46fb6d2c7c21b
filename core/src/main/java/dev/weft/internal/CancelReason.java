package dev.weft.internal;

/** Why a scope was cancelled. Decides what the scope reports when it ends. */
public enum CancelReason {
    /** {@code Task.cancel()} or {@code TaskGroup.cancel()}: the scope ends quietly. */
    CANCELLED("cancelled"),
    /** A task or the body of the group failed; the group reports the failure. */
    FAILED("cancelled because a task failed"),
    /** An enclosing scope was cancelled; the cancellation propagates outwards. */
    PARENT("cancelled by an enclosing scope"),
    /** The opener of a group was interrupted by code outside Weft. */
    INTERRUPTED("cancelled because its opener was interrupted"),
    /** {@code TaskGroup.close()} ran before {@code join()}. */
    CLOSED("cancelled by close() before join()"),
    /** A deadline passed. */
    DEADLINE("cancelled because its deadline passed");

    private final String text;

    CancelReason(String text) {
        this.text = text;
    }

    /** A phrase for error messages, such as "cancelled because a task failed". */
    public String text() {
        return text;
    }
}
