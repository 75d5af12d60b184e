package dev.i2v.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.testing.TestModels;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsAreNeverOverwrittenTest {

    private static final List<String> TAGS = List.of("red_hair", "hat");

    @Test
    void aSecondSaveOfTheSameVersionWithOtherContentIsRefusedAndTheFirstStaysIntact(@TempDir final Path dir) throws Exception {
        final ModelStore store = new ModelStore(dir.resolve("models").toString(), dir.resolve("cache"));
        final StoredModel first = store.save(TestModels.tinyArtifact("i2v", 4, TAGS, 32, 1));
        final Path file = Path.of(URI.create(first.uri()));
        final byte[] before = Files.readAllBytes(file);

        final IOException e = assertThrows(IOException.class, () -> store.save(TestModels.tinyArtifact("i2v", 4, TAGS, 32, 2)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("never overwritten"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(first.sha256(), ModelArtifacts.sha256(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temp file left behind");
        }
        assertEquals(file, store.fileOf("i2v", 4));
    }
}
