// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import org.openjdk.jmh.infra.Blackhole

/**
 * SemaphoreBenchmark's `contendedKotlinSemaphore` side: the same fan-out as
 * `SemaphoreBenchmark.contended`, through a kotlinx.coroutines [Semaphore] (fair, FIFO
 * acquirers), with coroutines in place of virtual threads.
 *
 * One call = one JMH invocation: `runBlocking` on the calling (JMH) thread launches `tasks`
 * coroutines on [dispatcher], each doing `opsPerTask` times `withPermit {
 * Blackhole.consumeCPU(8); n++ }` (acquire, the same token of work, release in a `finally`) and
 * storing its count; it returns the counts once every coroutine has completed, for the caller to
 * consume.
 */
class KotlinSemaphorePeer(permits: Int, private val dispatcher: CoroutineDispatcher) {

    // A fresh semaphore per JMH iteration, as SemaphoreBenchmark creates the other sides'.
    private val semaphore = Semaphore(permits)

    fun contended(tasks: Int, opsPerTask: Int): LongArray = runBlocking {
        val done = LongArray(tasks)
        for (t in 0 until tasks) {
            launch(dispatcher) {
                var n = 0L
                for (i in 0 until opsPerTask) {
                    semaphore.withPermit {
                        Blackhole.consumeCPU(8) // a token of work while holding the permit
                        n++
                    }
                }
                done[t] = n
            }
        }
        done
    }
}
