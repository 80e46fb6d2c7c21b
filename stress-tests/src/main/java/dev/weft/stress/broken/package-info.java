// SPDX-License-Identifier: Apache-2.0
/**
 * Deliberately broken twins of the suite's tests, to prove each test can fail (issue 7, item
 * 3). Each class here is a test-only imitation of a Weft primitive with one classic bug (a
 * check-then-act, a lost wake-up, a timer that interrupts after the fact), driven by the same
 * actors as the real test it is named after. Every one of them is expected to report FORBIDDEN
 * outcomes. They are never run by CI or {@code stress-tests/run full}, whose test regex only
 * matches classes directly in {@code dev.weft.stress}; run them with
 * {@code stress-tests/run broken}.
 */
package dev.weft.stress.broken;
