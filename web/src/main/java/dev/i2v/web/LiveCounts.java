package dev.i2v.web;

import java.util.Map;
import java.util.TreeMap;

/** What flowed out of the tagger as the server read it: tag vectors, dead letters by reason, and the recent tagging rate. */
final class LiveCounts {

    /** The rate is over the last this many seconds. */
    static final int RATE_WINDOW_SECONDS = 10;
    private static final int MAX_REASONS = 32;

    private long tagVectors;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    /** Tag vectors per wall-clock second, a ring over the rate window (plus the second in progress). */
    private final long[] perSecond = new long[RATE_WINDOW_SECONDS + 1];
    private long ringSecond = -1;

    synchronized void tagVector(final long nowMillis) {
        tagVectors++;
        advance(nowMillis / 1000);
        perSecond[(int) (ringSecond % perSecond.length)]++;
    }

    /** Reasons are the tagger's codes; anyone who can write the topic could send others, so they are bounded. */
    synchronized void deadLetter(final String reason) {
        String key = reason == null || reason.isEmpty() ? "UNKNOWN" : reason.length() > 40 ? reason.substring(0, 40) : reason;
        if (!deadLettersByReason.containsKey(key) && deadLettersByReason.size() >= MAX_REASONS) {
            key = "OTHER";
        }
        deadLettersByReason.merge(key, 1L, Long::sum);
    }

    synchronized long tagVectors() {
        return tagVectors;
    }

    synchronized Map<String, Long> deadLettersByReason() {
        return new TreeMap<>(deadLettersByReason);
    }

    /** Tag vectors per second over the last full {@link #RATE_WINDOW_SECONDS} seconds. */
    synchronized double ratePerSecond(final long nowMillis) {
        advance(nowMillis / 1000);
        long sum = 0;
        for (int i = 1; i <= RATE_WINDOW_SECONDS; i++) {
            sum += perSecond[(int) ((ringSecond - i) % perSecond.length + perSecond.length) % perSecond.length];
        }
        return sum / (double) RATE_WINDOW_SECONDS;
    }

    /** Clears the seconds that passed since the last call, so the ring holds only recent counts. */
    private void advance(final long second) {
        if (ringSecond < 0 || second - ringSecond > perSecond.length) {
            java.util.Arrays.fill(perSecond, 0);
        } else {
            for (long s = ringSecond + 1; s <= second; s++) {
                perSecond[(int) (s % perSecond.length)] = 0;
            }
        }
        ringSecond = Math.max(ringSecond, second);
    }
}
