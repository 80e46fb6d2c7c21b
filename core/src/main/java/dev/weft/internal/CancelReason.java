// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

/** The kind of a scope's cancellation; decides what the scope reports when it ends. */
public enum CancelReason {
    /** {@code Task.cancel()} or {@code TaskGroup.cancel()}: the scope ends quietly. */
    CANCELLED,
    /** A task or the body of the group failed; the group reports the failure. */
    FAILED,
    /** An enclosing scope was cancelled; the cancellation propagates outwards. */
    PARENT,
    /** The opener of a group was interrupted by code outside Weft. */
    INTERRUPTED,
    /** {@code TaskGroup.close()} ran before {@code join()}. */
    CLOSED,
    /** A deadline passed. */
    DEADLINE
}
