package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LiveCountsTest {

    @Test
    void theRateCountsTheLastTenFullSecondsOnly() {
        final LiveCounts counts = new LiveCounts();
        final long t0 = 1_000_000_000L;
        for (int s = 0; s < 20; s++) {
            for (int i = 0; i < 5; i++) {
                counts.tagVector(t0 + s * 1000L + i);
            }
        }
        assertEquals(100, counts.tagVectors());
        assertEquals(5.0, counts.ratePerSecond(t0 + 20_000), 1e-9);
        assertEquals(2.5, counts.ratePerSecond(t0 + 25_000), 1e-9, "half the window has no vectors");
        assertEquals(0.0, counts.ratePerSecond(t0 + 60_000), 1e-9);
    }

    @Test
    void deadLetterReasonsAreBounded() {
        final LiveCounts counts = new LiveCounts();
        for (int i = 0; i < 100; i++) {
            counts.deadLetter("REASON_" + i);
        }
        counts.deadLetter(null);
        counts.deadLetter("X".repeat(500));
        assertEquals(33, counts.deadLettersByReason().size(), "32 reasons by name, the rest as OTHER");
        assertEquals(70, counts.deadLettersByReason().get("OTHER"));
    }
}
