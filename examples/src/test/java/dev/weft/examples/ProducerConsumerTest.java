// SPDX-License-Identifier: Apache-2.0
package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {

    @Test
    void run_pillsThenShutdown_everyJobProcessedExactlyOnceAndEveryWorkerExits() throws Exception {
        Output output = new Output();

        ProducerConsumer.Outcome outcome = ProducerConsumer.run(output.out);

        Integer[] all = IntStream.rangeClosed(1, ProducerConsumer.JOBS).boxed().toArray(Integer[]::new);
        assertThat(outcome.processedWithPills()).containsExactlyInAnyOrder(all);
        assertThat(outcome.processedWithShutdown()).containsExactlyInAnyOrder(all);
        String text = output.text();
        assertThat(text.split("got a pill, exiting", -1)).hasSize(ProducerConsumer.WORKERS + 1);
        assertThat(text.split("queue shut down and empty, exiting", -1)).hasSize(ProducerConsumer.WORKERS + 1);
    }
}
