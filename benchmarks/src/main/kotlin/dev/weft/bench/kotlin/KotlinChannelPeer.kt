// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * QueueBenchmark's `kotlinChannel*` sides: the same hand-off as every other side of
 * `QueueBenchmark.transfer`, through a kotlinx.coroutines `Channel(capacity)`, with coroutines in
 * place of virtual threads.
 *
 * One call = one JMH invocation: `runBlocking` on the calling (JMH) thread launches `pairs`
 * producer and `pairs` consumer coroutines on [dispatcher]; the producers `send` `items` items in
 * all (an equal share each, suspending while the channel is full), the consumers `receive` them
 * all (suspending while it is empty) and sum them; `runBlocking` returns once every coroutine has
 * completed, and the caller consumes the sums. Items are the caller's cached `Integer`s, as on
 * the other sides.
 */
class KotlinChannelPeer(capacity: Int, private val dispatcher: CoroutineDispatcher) {

    // A fresh channel per JMH iteration, as QueueBenchmark creates every other side's queue.
    private val channel = Channel<Int>(capacity)

    fun transfer(pairs: Int, items: Int, payload: Array<Int>): LongArray = runBlocking {
        val channel = channel
        val share = items / pairs
        val sums = LongArray(pairs)
        for (p in 0 until pairs) {
            launch(dispatcher) {
                for (i in 0 until share) {
                    channel.send(payload[i and 127])
                }
            }
            launch(dispatcher) {
                var sum = 0L
                for (i in 0 until share) {
                    sum += channel.receive()
                }
                sums[p] = sum
            }
        }
        // runBlocking's coroutine completes only when its children have: the sums are all in.
        sums
    }
}
