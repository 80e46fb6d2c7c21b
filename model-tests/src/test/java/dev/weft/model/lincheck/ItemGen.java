// SPDX-License-Identifier: Apache-2.0
package dev.weft.model.lincheck;

import java.util.Random;
import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * Queue items: 11, 12, 13, 21, 22. Distinct values, so a lost or duplicated item shows; two
 * priorities (the tens, see {@link QueueModel.StablePriority#key}), so ties show whether a
 * priority queue is stable.
 */
public final class ItemGen implements ParameterGenerator<Integer> {
    private static final int[] ITEMS = {11, 12, 13, 21, 22};
    private final Random random;

    public ItemGen(RandomProvider randomProvider, String configuration) {
        this.random = randomProvider.createRandom();
    }

    @Override
    public Integer generate() {
        return ITEMS[random.nextInt(ITEMS.length)];
    }
}
