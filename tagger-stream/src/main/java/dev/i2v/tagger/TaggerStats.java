package dev.i2v.tagger;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for status lines and summaries, shared by every stream thread of one tagger instance. */
public final class TaggerStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder tagged = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong inferenceNanos = new AtomicLong();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();

    void countReceived() {
        received.increment();
    }

    void countBatch(final int images, final long nanos) {
        batches.increment();
        tagged.add(images);
        inferenceNanos.addAndGet(nanos);
    }

    void countDeadLetter(final String reason) {
        deadLetters.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Records consumed from the images topic (including ones later dead-lettered). */
    public long received() {
        return received.sum();
    }

    public long tagged() {
        return tagged.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long deadLetters() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> deadLettersByReason() {
        final Map<String, Long> out = new TreeMap<>();
        deadLetters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Mean forward-pass time per image, in milliseconds. */
    public double inferenceMillisPerImage() {
        final long n = tagged.sum();
        return n == 0 ? 0 : inferenceNanos.get() / 1e6 / n;
    }
}
