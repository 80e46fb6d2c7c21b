package dev.weft;

/**
 * When {@link Weft#await(java.util.Collection, ReturnWhen)} returns: asyncio's
 * {@code return_when} constants.
 */
public enum ReturnWhen {
    /** As soon as any task has ended. */
    FIRST_COMPLETED,
    /** As soon as any task has failed, or when all have ended if none fails. */
    FIRST_EXCEPTION,
    /** When every task has ended. */
    ALL_COMPLETED
}
