package dev.i2v.trainer;

/**
 * The learning rate through one window: a short linear warm-up (a new window's first batches come
 * after the last window's rate had decayed, and Adam's moments adapt to the new data), then a cosine
 * decay to a twentieth of the base rate, so each window ends settled rather than mid-stride.
 */
record LearningRateSchedule(double base) {

    /** Warm-up length: 5% of the window's steps, at most this many. */
    private static final int MAX_WARMUP_STEPS = 100;
    private static final double FLOOR = 0.05;

    /** The rate at {@code step} (0-based) of {@code totalSteps}. */
    double rate(final long step, final long totalSteps) {
        final long warmup = Math.min(MAX_WARMUP_STEPS, totalSteps / 20);
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        final double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - warmup));
        return base * (FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
