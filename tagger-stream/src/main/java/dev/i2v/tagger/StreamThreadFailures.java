package dev.i2v.tagger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tagger does when a stream thread dies. Records cannot kill it (the processor turns each
 * bad record into a dead letter), so what arrives here is a fault of the tagger itself: the broker,
 * the disk, the model. A passing fault is survived by replacing the thread; a fault that repeats
 * would replay the same uncommitted records for ever, so after {@code maxFailures} within
 * {@code window} the instance stops with a log line that says why. Either way the dead thread's
 * copy of the model is released here, on that thread, before it ends.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final ModelSwapper models;
    private final int maxFailures;
    private final Duration window;
    private final Deque<Long> recentFailureNanos = new ArrayDeque<>();

    StreamThreadFailures(final ModelSwapper models, final int maxFailures, final Duration window) {
        this.models = models;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(final Throwable e) {
        // Kafka Streams calls this on the failing stream thread itself
        models.releaseThisThread();
        final long now = System.nanoTime();
        recentFailureNanos.addLast(now);
        while (now - recentFailureNanos.peekFirst() > window.toNanos()) {
            recentFailureNanos.removeFirst();
        }
        if (recentFailureNanos.size() > maxFailures) {
            LOG.error("STOPPING the tagger: a stream thread failed {} times within {} s, last with {}. This is a fault of the tagger or"
                    + " its environment (broker, disk, model), not of one record; fix it and restart.", recentFailureNanos.size(),
                    window.toSeconds(), e.toString(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("A stream thread failed ({} of {} allowed within {} s); replacing it. Cause: {}", recentFailureNanos.size(), maxFailures,
                window.toSeconds(), e.toString(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
