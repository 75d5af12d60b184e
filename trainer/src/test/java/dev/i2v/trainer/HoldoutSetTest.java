package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutSetTest {

    private static LabelledImage image(final String id) {
        return new LabelledImage(id, new byte[] {1}, List.of("tag"));
    }

    private static List<String> ids(final HoldoutSet set) {
        return set.snapshot().stream().map(LabelledImage::id).toList();
    }

    @Test
    void keepsTheNewestUpToItsCapacity() {
        final HoldoutSet set = new HoldoutSet(2);
        set.add(image("a"));
        set.add(image("b"));
        set.add(image("c"));
        assertEquals(List.of("b", "c"), ids(set));
    }

    @Test
    void anIdPublishedAgainCountsOnceAsTheNewest() {
        final HoldoutSet set = new HoldoutSet(3);
        set.add(image("a"));
        set.add(image("b"));
        set.add(image("a"));
        assertEquals(List.of("b", "a"), ids(set));
        set.add(image("c"));
        set.add(image("d"));
        assertEquals(List.of("a", "c", "d"), ids(set), "b, the oldest, goes first");
    }
}
