package dev.i2v.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.model.artifact.AnnouncementFile;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.testing.HostileCorpus;
import dev.i2v.model.testing.TestModels;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code i2v tag-files} as a user runs it, on a real (untrained, tiny) network saved and announced
 * through the real store path, over a folder with good, broken and hostile files.
 */
class TagFilesCommandTest {

    private static final List<String> VOCABULARY = List.of("long_hair", "smile", "hat", "character:hatsune_miku", "outdoors", "open_mouth");

    @TempDir
    Path tmp;
    private Path store;
    private Path folder;

    private static CapturedRun i2v(final String... args) {
        final List<String> all = new ArrayList<>(List.of("tag-files"));
        all.addAll(Arrays.asList(args));
        return CapturedRun.of(all);
    }

    /** Saves and announces a version as the trainer does (artifact, then its announcement file), signed when a key is given. */
    private static void publish(final Path store, final long version, final boolean promoted, final String key) throws IOException {
        final ModelArtifact artifact = TestModels.tinyArtifact("i2v", version, VOCABULARY, 64, 7 + version);
        final StoredModel stored = new ModelStore(store.toString(), store).save(artifact);
        AnnouncementFile.write(ModelSigner.of(key).sign(ModelUpdates.announce(artifact.info(), stored, List.of(), 0, 0, promoted)));
        artifact.network().close();
    }

    @BeforeEach
    void storeAndFolder() throws IOException {
        store = tmp.resolve("models");
        publish(store, 1, true, null);
        publish(store, 2, false, null); // newer but not promoted: not the default
        folder = tmp.resolve("pictures");
        Files.createDirectories(folder.resolve("sub"));
        Files.write(folder.resolve("a.png"), ImageDecoder.encode(TestModels.square(Color.RED, 80, 1), "png"));
        Files.write(folder.resolve("sub/b.jpg"), ImageDecoder.encode(TestModels.square(Color.BLUE, 60, 2), "jpeg"));
        Files.write(folder.resolve("broken.png"), HostileCorpus.resource("truncated.png"));
        Files.write(folder.resolve("bomb.png"), HostileCorpus.resource("png-60000x60000.png"));
        Files.write(folder.resolve("empty.gif"), new byte[0]);
        Files.write(folder.resolve("text.jpg"), HostileCorpus.resource("text.txt"));
        Files.writeString(folder.resolve("notes.md"), "not an image");
        final Path outside = tmp.resolve("outside.png");
        Files.write(outside, ImageDecoder.encode(TestModels.square(Color.GREEN, 40, 3), "png"));
        Files.createSymbolicLink(folder.resolve("link-out.png"), outside);
    }

    private static List<String> caption(final Path file) throws IOException {
        return List.of(Files.readString(file).strip().split(", "));
    }

    @Test
    void writesATxtPerGoodImageAndNamesEveryBadFileInTheSummary() throws IOException {
        final CapturedRun o = i2v(folder.toString(), "--store", store.toString(), "--general-threshold", "0", "--character-threshold", "0",
                "--exclude", "smile,open mouth");
        assertEquals(0, o.exit(), o.err());

        // thresholds 0: every tag but the excluded ones, the character one written by name
        for (final Path txt : List.of(folder.resolve("a.txt"), folder.resolve("sub/b.txt"))) {
            final List<String> tags = caption(txt);
            assertEquals(List.of("hat", "hatsune_miku", "long_hair", "outdoors"), tags.stream().sorted().toList(), txt.toString());
        }
        for (final String bad : List.of("broken.txt", "bomb.txt", "empty.txt", "text.txt", "link-out.txt")) {
            assertFalse(Files.exists(folder.resolve(bad)), bad + " written for a bad file");
        }
        assertFalse(Files.exists(tmp.resolve("outside.txt")), "nothing written outside the folder");

        final String summary = o.err().substring(o.err().indexOf("folder " + folder.toAbsolutePath() + " with i2v v1:"));
        assertTrue(summary.contains("2 tagged, 2 skipped, 4 failed"), summary);
        assertTrue(summary.matches("(?s).*failed  CORRUPT .*broken\\.png.*"), summary);
        assertTrue(summary.matches("(?s).*failed  TOO_MANY_PIXELS .*bomb\\.png.*"), summary);
        assertTrue(summary.matches("(?s).*failed  EMPTY .*empty\\.gif.*"), summary);
        assertTrue(summary.matches("(?s).*failed  NOT_AN_IMAGE .*text\\.jpg.*"), summary);
        assertTrue(summary.matches("(?s).*skipped LINK_OUT_OF_FOLDER .*link-out\\.png.*"), summary);
        assertTrue(summary.matches("(?s).*skipped NOT_AN_IMAGE_FILE .*notes\\.md.*"), summary);

        // a second run keeps the captions it finds unless told to overwrite
        final CapturedRun again = i2v(folder.toString(), "--store", store.toString());
        assertTrue(again.err().contains("0 tagged") && again.err().contains("skipped CAPTION_EXISTS"), again.err());
        assertEquals(List.of("hat", "hatsune_miku", "long_hair", "outdoors"), caption(folder.resolve("a.txt")).stream().sorted().toList());
    }

    @Test
    void jsonLinesCarryTheVersionAndScoresAndThresholdsPickTheTagsAtOrAboveThem() throws IOException {
        final Path jsonl = tmp.resolve("tags.jsonl");
        assertEquals(0, i2v(folder.toString(), "--store", store.toString(), "--version", "2", "--general-threshold", "0",
                "--character-threshold", "0", "--jsonl", jsonl.toString()).exit());
        final ObjectMapper json = new ObjectMapper();
        final Map<String, JsonNode> byPath = new HashMap<>();
        for (final String line : Files.readAllLines(jsonl)) {
            final JsonNode node = json.readTree(line);
            byPath.put(node.get("path").asText(), node);
        }
        assertEquals(List.of("a.png", "sub/b.jpg"), byPath.keySet().stream().sorted().toList(), "one line per good image");
        final JsonNode a = byPath.get("a.png");
        assertEquals(2, a.get("version").asLong(), "--version 2, though it is not promoted");
        assertEquals(VOCABULARY.size(), a.get("tags").size());
        final Map<String, Double> scores = new HashMap<>();
        a.get("tags").fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asDouble()));

        // a threshold between two scores: the tags above it, best first; a character threshold for the one character tag
        final List<Double> sorted = scores.values().stream().sorted().toList();
        double threshold = Double.NaN;
        for (int i = sorted.size() / 2; i < sorted.size(); i++) {
            if (sorted.get(i) - sorted.get(i - 1) >= 0.002) { // JSON scores are rounded to 3 decimals
                threshold = (sorted.get(i) + sorted.get(i - 1)) / 2;
                break;
            }
        }
        assertFalse(Double.isNaN(threshold), "the network gives distinct scores: " + scores);
        assertEquals(0, i2v(folder.toString(), "--store", store.toString(), "--version", "2", "--out", tmp.resolve("captions").toString(),
                "--general-threshold", String.valueOf(threshold), "--character-threshold", "1", "--underscores-to-spaces").exit());
        final double t = threshold;
        final List<String> expected = scores.entrySet().stream().filter(e -> e.getValue() > t && !e.getKey().equals("hatsune_miku"))
                .map(e -> e.getKey().replace('_', ' ')).sorted().toList();
        final List<String> written = caption(tmp.resolve("captions/a.txt"));
        assertFalse(expected.isEmpty());
        assertEquals(expected, written.stream().sorted().toList(), "threshold " + t + ", scores " + scores);
        for (int i = 1; i < written.size(); i++) {
            assertTrue(scores.get(written.get(i - 1).replace(' ', '_')) >= scores.get(written.get(i).replace(' ', '_')), "best first: " + written);
        }
        assertTrue(Files.exists(tmp.resolve("captions/sub/b.txt")), "--out keeps the folder layout");
        assertFalse(Files.exists(folder.resolve("a.txt")), "--out: nothing beside the images");
    }

    @Test
    void refusesUnsignedAnnouncementsWhenASigningKeyIsSetAndADamagedArtifact() throws IOException {
        final CapturedRun unsigned = i2v(folder.toString(), "--store", store.toString(), "-s", "model.signing.key=secret");
        assertNotEquals(0, unsigned.exit());
        assertTrue(unsigned.err().contains("REFUSED i2v v1: it is not signed"), unsigned.err());
        assertFalse(Files.exists(folder.resolve("a.txt")));

        final Path signedStore = tmp.resolve("signed");
        publish(signedStore, 1, true, "secret");
        assertEquals(0, i2v(folder.toString(), "--store", signedStore.toString(), "-s", "model.signing.key=secret").exit());
        assertTrue(Files.exists(folder.resolve("a.txt")));

        // the artifact changed after it was announced: its sha256 no longer matches
        final Path artifact = signedStore.resolve("i2v-v1.i2vmodel");
        final byte[] bytes = Files.readAllBytes(artifact);
        bytes[bytes.length / 2] ^= 1;
        Files.write(artifact, bytes);
        final CapturedRun damaged = i2v(folder.toString(), "--store", signedStore.toString(), "--overwrite", "-s", "model.signing.key=secret");
        assertNotEquals(0, damaged.exit());
        assertTrue(damaged.err().contains("REFUSED i2v v1") && damaged.err().contains("sha256"), damaged.err());
    }
}
