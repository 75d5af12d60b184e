package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadFailuresTest {

    @TempDir
    Path tmp;

    @Test
    void aFaultThatRepeatsStopsTheInstanceInsteadOfReplacingThreadsForEverAndEveryDeadThreadReleasesItsModel() throws Exception {
        try (ModelSwapper models = new ModelSwapper(TaggerFixtures.MODEL, new ModelStore(tmp.resolve("models").toString(), tmp.resolve("cache")),
                ModelSigner.of(""))) {
            models.install(TaggerFixtures.model(1));
            final StreamThreadFailures failures = new StreamThreadFailures(models, 2, Duration.ofMinutes(10));
            for (final StreamThreadExceptionResponse expected : new StreamThreadExceptionResponse[] {
                    StreamThreadExceptionResponse.REPLACE_THREAD, StreamThreadExceptionResponse.REPLACE_THREAD,
                    StreamThreadExceptionResponse.SHUTDOWN_CLIENT}) {
                final AtomicReference<StreamThreadExceptionResponse> response = new AtomicReference<>();
                // as a stream thread does: take a copy of the model, then fail
                final Thread thread = new Thread(() -> {
                    models.predictorForThisThread();
                    response.set(failures.handle(new IllegalStateException("disk full")));
                });
                thread.start();
                thread.join();
                assertEquals(expected, response.get());
                assertEquals(0, models.copiesHeld(), "the failed thread's copy is released");
            }
        }
    }
}
