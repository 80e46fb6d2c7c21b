// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * LockBenchmark's `kotlinMutex` side: the same critical section as every other side of
 * `LockBenchmark` (a counter incremented under the lock), under a kotlinx.coroutines [Mutex]
 * (fair: granted first come, first served; non-reentrant), with coroutines in place of virtual
 * threads.
 *
 * One call = one JMH invocation: `runBlocking` on the calling (JMH) thread launches `tasks`
 * coroutines on [dispatcher], each doing `increments / tasks` times `mutex.withLock {
 * counter++ }` (lock, increment, unlock in a `finally`, as the Java sides do), and returns the
 * counter once every coroutine has completed.
 */
class KotlinMutexPeer(private val dispatcher: CoroutineDispatcher) {

    // A fresh mutex per JMH iteration, as LockBenchmark creates the other sides' locks.
    private val mutex = Mutex()

    /** Guarded by [mutex]; never reset, as LockBenchmark's own counter. */
    @JvmField var counter = 0L

    fun run(tasks: Int, increments: Int): Long {
        val perTask = increments / tasks
        runBlocking {
            for (t in 0 until tasks) {
                launch(dispatcher) {
                    for (i in 0 until perTask) {
                        mutex.withLock { counter++ }
                    }
                }
            }
        } // returns once every launched coroutine has completed
        return counter
    }
}
