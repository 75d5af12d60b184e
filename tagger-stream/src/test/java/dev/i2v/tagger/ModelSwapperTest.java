package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.schemas.avro.ModelUpdated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSwapperTest {

    @TempDir
    Path tmp;

    @Test
    void takesOnlyNewerPromotedVersionsAndRefusesABadArtifactWhileTheOldOneKeepsServing() throws Exception {
        final ModelStore store = new ModelStore(tmp.resolve("models").toString(), tmp.resolve("cache"));
        final List<String> events = new ArrayList<>();
        try (ModelSwapper swapper = new ModelSwapper(TaggerFixtures.MODEL, store)) {
            swapper.onEvent(events::add);
            assertNull(swapper.predictorForThisThread(), "no model before the first update");

            final ModelUpdated v1 = TaggerFixtures.publishable(store, 1, false);
            assertEquals(ModelSwapper.Outcome.IGNORED_NOT_PROMOTED, swapper.offer(v1));
            assertEquals(ModelSwapper.Outcome.SWAPPED, swapper.offer(TaggerFixtures.publishable(store, 2, true)));
            final TagPredictor v2 = swapper.predictorForThisThread();
            assertEquals(2, v2.info().version());
            assertSame(v2, swapper.predictorForThisThread(), "same version, same per-thread copy");

            final ModelUpdated v3 = TaggerFixtures.publishable(store, 3, true);
            final ModelUpdated badChecksum = ModelUpdated.newBuilder(v3).setSha256("0".repeat(64)).build();
            assertEquals(ModelSwapper.Outcome.REFUSED, swapper.offer(badChecksum));
            assertEquals(2, swapper.currentVersion(), "the old version keeps serving");
            assertTrue(events.get(events.size() - 1).contains("REFUSED model i2v v3"), events.toString());
            assertTrue(events.get(events.size() - 1).contains("Still serving v2"), events.toString());

            final Path truncated = tmp.resolve("truncated.i2vmodel");
            final byte[] full = Files.readAllBytes(Path.of(java.net.URI.create(v3.getArtifactUri())));
            Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
            final ModelUpdated truncatedEvent = ModelUpdated.newBuilder(v3).setArtifactUri(truncated.toUri().toString())
                    .setSha256(dev.i2v.model.artifact.ModelArtifacts.sha256(truncated)).build();
            assertEquals(ModelSwapper.Outcome.REFUSED, swapper.offer(truncatedEvent));
            assertEquals(2, swapper.refusedCount());

            assertEquals(ModelSwapper.Outcome.IGNORED_NOT_NEWER, swapper.offer(ModelUpdated.newBuilder(v1).setPromoted(true).build()));
            assertEquals(ModelSwapper.Outcome.SWAPPED, swapper.offer(v3));
            final TagPredictor mine = swapper.predictorForThisThread();
            assertEquals(3, mine.info().version());

            // another thread gets its own network, never this thread's
            final AtomicReference<TagPredictor> theirs = new AtomicReference<>();
            final Thread other = new Thread(() -> theirs.set(swapper.predictorForThisThread()));
            other.start();
            other.join();
            assertNotSame(mine, theirs.get());
            assertEquals(3, theirs.get().info().version());
        }
    }

    @Test
    void aBatchOfUpdatesLoadsOnlyTheNewestPromotedVersion() throws Exception {
        final ModelStore store = new ModelStore(tmp.resolve("models").toString(), tmp.resolve("cache"));
        try (ModelSwapper swapper = new ModelSwapper(TaggerFixtures.MODEL, store)) {
            final List<String> events = new ArrayList<>();
            swapper.onEvent(events::add);
            swapper.offerAll(List.of(TaggerFixtures.publishable(store, 1, true), TaggerFixtures.publishable(store, 2, true),
                    TaggerFixtures.publishable(store, 3, false)));
            assertEquals(2, swapper.currentVersion());
            assertEquals(1, events.size(), "v1 is never loaded when v2 is already known: " + events);
        }
    }
}
