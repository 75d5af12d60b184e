package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

    @Test
    void theSameIdIsAlwaysOnTheSameSideAndAboutThePercentGoesToTheHoldout() {
        final HoldoutSplit split = new HoldoutSplit(2);
        int holdout = 0;
        for (int i = 0; i < 20_000; i++) {
            final String id = "danbooru:" + i;
            final boolean h = split.isHoldout(id);
            assertEquals(h, new HoldoutSplit(2).isHoldout(id), "stable across instances");
            holdout += h ? 1 : 0;
        }
        assertTrue(holdout > 300 && holdout < 500, "2% of 20000 is 400, got " + holdout);
        assertFalse(new HoldoutSplit(0).isHoldout("x"));
        assertThrows(IllegalArgumentException.class, () -> new HoldoutSplit(80));
    }
}
