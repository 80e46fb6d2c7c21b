// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Result;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatherSettledTest {

    @Test
    void run_mixedJobs_resultsAndErrorsComeBackInInputOrder() throws Exception {
        GatherSettled.Outcome outcome = GatherSettled.run(new Output().out);

        List<Result<Integer>> r = outcome.results();
        assertThat(r).hasSize(5);
        assertThat(r.get(0)).isEqualTo(new Result.Success<>(1));
        assertThat(((Result.Failure<Integer>) r.get(1)).error()).isInstanceOf(IOException.class);
        assertThat(r.get(2)).isEqualTo(new Result.Success<>(9));
        assertThat(((Result.Failure<Integer>) r.get(3)).error()).isInstanceOf(NumberFormatException.class);
        assertThat(r.get(4)).isEqualTo(new Result.Success<>(25));
    }

    @Test
    void run_plainGatherOnTheSameJobs_throwsWithOneOfTheFailuresAsCause() throws Exception {
        GatherSettled.Outcome outcome = GatherSettled.run(new Output().out);

        // Two jobs fail at once; which one gather reports first is a race.
        assertThat(outcome.gatherFailure()).isInstanceOfAny(IOException.class, NumberFormatException.class);
    }
}
