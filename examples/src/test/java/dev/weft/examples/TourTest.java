// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TourTest {

    @Test
    void run_everyExample_runsEachUnderItsHeading() throws Exception {
        Output output = new Output();

        int ran = Tour.run(output.out);

        assertThat(ran).isEqualTo(Tour.STOPS.size());
        for (Tour.Stop stop : Tour.STOPS) {
            assertThat(output.text()).contains(". " + stop.title() + ": ");
        }
        assertThat(output.text()).contains("Tour done: " + ran + " examples.");
    }
}
