// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixedIoAndCpuTest {

    @Test
    void run_sixDocuments_fetchedOnVirtualThreadsHashedOnPlatformThreadsWithCorrectDigests() throws Exception {
        MixedIoAndCpu.Outcome outcome = MixedIoAndCpu.run(new Output().out);

        assertThat(outcome.digests()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            MixedIoAndCpu.Digest d = outcome.digests().get(i);
            assertThat(d.url()).isEqualTo("/page/" + (i + 1));
            assertThat(d.sha256()).isEqualTo(MixedIoAndCpu.sha256Rounds("page " + (i + 1)));
            assertThat(d.fetchedOnVirtualThread()).isTrue();
            assertThat(d.hashedOnPlatformThread()).isTrue();
        }
    }
}
