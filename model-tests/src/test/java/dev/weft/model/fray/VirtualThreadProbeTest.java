// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.fray;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * Whether Fray can run a virtual thread: start one that does nothing and join it. With Fray
 * 0.9.2 on JDK 25 it cannot (DeadlockException in VirtualThread.joinNanos, iteration 0), which
 * is why {@link GroupCancelRacingForkFrayTest} is disabled. Enable this probe to re-check after
 * a Fray upgrade.
 */
@ExtendWith(FrayTestExtension.class)
public class VirtualThreadProbeTest {

    static {
        FrayWarmUp.classes(); // before Fray schedules anything: see FrayWarmUp
    }

    @Disabled("Fray 0.9.2 never runs a virtual thread: DeadlockException in VirtualThread.joinNanos")
    @FrayTest(iterations = 3, abortThreadExecutionAfterMainExit = true)
    public void virtualThreadJoin() throws Exception {
        Thread t = Thread.ofVirtual().start(() -> {});
        t.join();
    }
}
