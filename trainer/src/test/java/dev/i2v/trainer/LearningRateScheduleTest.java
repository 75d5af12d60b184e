package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final LearningRateSchedule schedule = new LearningRateSchedule(0.001);

    @Test
    void warmsUpThenDecaysToATwentiethOfTheBase() {
        final long total = 1000; // 50 warm-up steps
        assertEquals(0.001 / 50, schedule.rate(0, total), 1e-12);
        assertEquals(0.001, schedule.rate(49, total), 1e-12, "the warm-up ends at the base rate");
        assertEquals(0.001, schedule.rate(50, total), 1e-12, "the decay starts from the base rate");
        assertEquals(0.001 * 0.05, schedule.rate(total, total), 1e-12);
        double previous = schedule.rate(50, total);
        for (long step = 51; step < total; step++) {
            final double r = schedule.rate(step, total);
            assertTrue(r <= previous, "decays monotonically, step " + step);
            previous = r;
        }
    }

    @Test
    void aShortWindowSkipsTheWarmUp() {
        assertEquals(0.001, schedule.rate(0, 10), 1e-12);
    }
}
