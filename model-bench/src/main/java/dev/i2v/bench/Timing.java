package dev.i2v.bench;

import java.util.Arrays;

/** Timed runs: a run repeats its work until it has taken at least a minimum time, and reports images/s. */
final class Timing {

    /** One unit of measured work over {@code images} images. */
    interface Work {
        void run() throws Exception;
    }

    private Timing() {
    }

    /** Images/s of {@code work} repeated until {@code minSeconds} have passed (at least once). */
    static double imagesPerSecond(final int images, final double minSeconds, final Work work) throws Exception {
        int calls = 0;
        final long start = System.nanoTime();
        long elapsed;
        do {
            work.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minSeconds * 1e9);
        return (double) images * calls / (elapsed / 1e9);
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
