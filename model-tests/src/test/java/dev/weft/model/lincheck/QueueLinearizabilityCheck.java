// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import dev.weft.Queue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * A Weft queue is linearizable to {@link QueueModel}: the non-blocking operations (nowait,
 * zero-timeout offer/poll/join, inspection, taskDone, shutdown and shutdownNow) in random
 * scenarios, and the blocking put/get/join in {@link #blockingScenarios()}. Subclasses pick the
 * queue (FIFO, LIFO, stable priority) and its capacity.
 */
@Param(name = "item", gen = ItemGen.class)
public abstract class QueueLinearizabilityCheck extends LinearizabilityCheck {

    private final Queue<Integer> q;

    protected QueueLinearizabilityCheck(Queue<Integer> q) {
        this.q = q;
    }

    @Operation
    public void putNowait(@Param(name = "item") int x) {
        q.putNowait(x);
    }

    @Operation
    public boolean offerZero(@Param(name = "item") int x) throws InterruptedException {
        return q.offer(x, Duration.ZERO);
    }

    @Operation
    public int getNowait() {
        return q.getNowait();
    }

    @Operation
    public Optional<Integer> pollZero() throws InterruptedException {
        return q.poll(Duration.ZERO);
    }

    @Operation
    public int size() {
        return q.size();
    }

    @Operation
    public boolean isFull() {
        return q.isFull();
    }

    @Operation
    public void taskDone() {
        q.taskDone();
    }

    @Operation
    public boolean joinZero() throws InterruptedException {
        return q.join(Duration.ZERO);
    }

    @Operation
    public void shutdown() {
        q.shutdown();
    }

    @Operation
    public List<Integer> shutdownNow() {
        return q.shutdownNow();
    }

    // Blocking: only in blockingScenarios().

    public void put(int x) throws InterruptedException {
        q.put(x);
    }

    public int get() throws InterruptedException {
        return q.get();
    }

    public void join() throws InterruptedException {
        q.join();
    }

    /** Scenarios that complete in every interleaving, for a queue of capacity 1 or more. */
    @Override
    protected List<ExecutionScenario> blockingScenarios() {
        return List.of(
                // A getter parked on an empty queue and a putter: direct hand-off.
                scenario(List.of(), List.of(List.of(op("get"), op("size")), List.of(op("put", 11), op("put", 21)))),
                // Two getters, two putters: no item lost or duplicated, whoever parks.
                scenario(
                        List.of(),
                        List.of(
                                List.of(op("get"), op("taskDone")),
                                List.of(op("get"), op("taskDone")),
                                List.of(op("put", 21), op("put", 12), op("join")))),
                // A putter parked on a full queue: a get makes room and admits it.
                scenario(
                        fillTo(capacity()), List.of(List.of(op("put", 13), op("size")), List.of(op("get"), op("get")))),
                // shutdown wakes a parked getter, which throws; a put after it throws too.
                scenario(List.of(), List.of(List.of(op("get")), List.of(op("shutdown"), op("pollZero")))),
                // shutdownNow wakes a putter parked on a full queue and returns what it drops.
                scenario(fillTo(capacity()), List.of(List.of(op("put", 22)), List.of(op("shutdownNow"), op("size")))));
    }

    protected abstract int capacity();

    private List<org.jetbrains.kotlinx.lincheck.Actor> fillTo(int n) {
        List<org.jetbrains.kotlinx.lincheck.Actor> init = new java.util.ArrayList<>();
        int[] values = {12, 21, 11};
        for (int i = 0; i < n; i++) {
            init.add(op("putNowait", values[i % values.length]));
        }
        return init;
    }
}
