// SPDX-License-Identifier: Apache-2.0
package dev.weft.bench.kotlin

import java.util.concurrent.Executors
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher

/** The dispatchers the Kotlin peers run their coroutines on. */
object KotlinDispatchers {

    /**
     * `Dispatchers.Default`, what Kotlin code uses for CPU-bound coroutines and what `launch`
     * inherits inside `Dispatchers.Default` code: a pool of platform threads, as many as there
     * are cores (at least 2), shared by the whole JVM.
     */
    @JvmStatic fun defaultDispatcher(): CoroutineDispatcher = Dispatchers.Default

    /**
     * A dispatcher that runs every dispatch (a coroutine's start, and each resumption after it
     * suspended) on a new virtual thread, so the coroutines share the JDK's virtual-thread
     * scheduler (its carriers) with the virtual-thread sides. Close it to close the executor.
     */
    @JvmStatic
    fun virtualThreadDispatcher(): ExecutorCoroutineDispatcher =
        Executors.newVirtualThreadPerTaskExecutor().asCoroutineDispatcher()
}
