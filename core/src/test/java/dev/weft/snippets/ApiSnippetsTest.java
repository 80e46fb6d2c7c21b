// SPDX-License-Identifier: Apache-2.0
package dev.weft.snippets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Javadoc examples do what their comments say, as far as running them shows: each one that
 * ends on its own runs to the end (the others, such as the consumer/producer pair of
 * {@code Condition}, only compile).
 */
@Timeout(60)
class ApiSnippetsTest {

    private final ApiSnippets snippets = new ApiSnippets();

    @Test
    void everySnippetThatEndsOnItsOwn_runs() {
        assertThatCode(() -> {
                    snippets.taskGroup();
                    snippets.task();
                    snippets.asCompleted();
                    snippets.result();
                    snippets.lock();
                    snippets.rLock();
                    snippets.guard();
                    snippets.event();
                    snippets.semaphore();
                    snippets.barrier();
                    snippets.queue();
                    snippets.priorityQueue();
                    snippets.lifoQueue();
                })
                .doesNotThrowAnyException();
    }

    @Test
    void condition_consumerThenProducer_runsWhenAnItemIsThere() {
        snippets.items.add("ready");
        assertThatCode(snippets::condition).doesNotThrowAnyException();
    }

    @Test
    void boundedSemaphore_secondRelease_throwsAsTheCommentSays() {
        assertThatThrownBy(snippets::boundedSemaphore).isInstanceOf(IllegalStateException.class);
    }
}
