// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The fields a group's forking thread writes ({@link ForkSide}) and those its ending tasks write
 * ({@link EndCount}) keep 56 bytes of padding on each side: the JVM lays out a superclass's
 * fields before its subclass's, so seven longs in the class above the values and seven in the
 * class below keep any other object's fields off their 64-byte line (see each class's notes).
 */
class PaddedLinesTest {

    @Test
    void forkSide_stateAndHead_haveSevenLongsOfPaddingOnEachSide() {
        assertPadded(ForkSide.class, "state", "head");
    }

    @Test
    void endCount_value_hasSevenLongsOfPaddingOnEachSide() {
        assertPadded(EndCount.class, "value");
    }

    @Test
    void forkSide_countsAndLinks() {
        ForkSide f = new ForkSide(2L);
        assertThat(f.state()).isEqualTo(2L);
        assertThat(f.casState(3L, 5L)).isFalse();
        assertThat(f.casState(2L, 4L)).isTrue();
        assertThat(f.state()).isEqualTo(4L);
        assertThat(f.head()).isNull();
        assertThat(f.casHead(null, null)).isTrue();
    }

    private static void assertPadded(Class<?> padded, String... values) {
        Class<?> fields = padded.getSuperclass();
        Class<?> before = fields.getSuperclass();
        assertThat(instanceFieldNames(fields)).containsExactlyInAnyOrder(values);
        assertThat(longFields(before))
                .as("padding before, in %s", before.getSimpleName())
                .isGreaterThanOrEqualTo(7);
        assertThat(longFields(padded))
                .as("padding after, in %s", padded.getSimpleName())
                .isGreaterThanOrEqualTo(7);
        assertThat(before.getSuperclass()).isEqualTo(Object.class);
    }

    private static String[] instanceFieldNames(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .toArray(String[]::new);
    }

    private static long longFields(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && f.getType() == long.class)
                .count();
    }
}
