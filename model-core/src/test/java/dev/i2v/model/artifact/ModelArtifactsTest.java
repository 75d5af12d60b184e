package dev.i2v.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class ModelArtifactsTest {

    private static final List<String> TAGS = List.of("red_hair", "hat", "smile");

    @Test
    void roundTripThroughTheStoreKeepsWeightsAndInfo(@TempDir final Path dir) throws Exception {
        final ModelArtifact a = TestModels.tinyArtifact("i2v", 3, TAGS, 32, 1);
        final ModelStore store = new ModelStore(dir.resolve("models").toString(), dir.resolve("cache"));
        final StoredModel stored = store.save(a);
        assertTrue(stored.uri().startsWith("file:") && stored.uri().endsWith("i2v-v3.i2vmodel"), stored.uri());
        assertEquals(Files.size(Path.of(java.net.URI.create(stored.uri()))), stored.sizeBytes());

        final ModelArtifact back = store.load(stored.uri(), stored.sha256());
        assertEquals(a.info().vocabulary(), back.info().vocabulary());
        assertEquals(3L, back.info().version());
        assertEquals(2L, back.info().parentVersion());
        assertArrayEquals(a.info().thresholds(), back.info().thresholds());
        final var x = Nd4j.rand(1, 3, 32, 32);
        assertEquals(a.network().outputSingle(x), back.network().outputSingle(x));
    }

    @Test
    void aCorruptedArtifactFailsItsSha256Check(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("m.i2vmodel");
        final String sha = ModelArtifacts.write(TestModels.tinyArtifact("i2v", 1, TAGS, 32, 1), file);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        final ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> ModelArtifacts.read(file, sha));
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aTruncatedArtifactIsRefused(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("m.i2vmodel");
        ModelArtifacts.write(TestModels.tinyArtifact("i2v", 1, TAGS, 32, 1), file);
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
        final ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> ModelArtifacts.read(file, ModelArtifacts.sha256(file)));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("lacks"), e.getMessage());
    }

    @Test
    void anEntryThatNeedsJavaDeserialisationIsRefused(@TempDir final Path dir) throws Exception {
        final ModelArtifact a = TestModels.tinyArtifact("i2v", 1, TAGS, 32, 1);
        final ByteArrayOutputStream network = new ByteArrayOutputStream();
        ModelSerializer.writeModel(a.network(), network, false);
        final ByteArrayOutputStream withObject = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(withObject);
             java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(network.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
            }
            zip.putNextEntry(new ZipEntry("normalizer.bin"));
            zip.write(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5});
        }
        final Path file = dir.resolve("evil.i2vmodel");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ModelArtifacts.INFO_ENTRY));
            zip.write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(a.info()));
            zip.putNextEntry(new ZipEntry(ModelArtifacts.NETWORK_ENTRY));
            zip.write(withObject.toByteArray());
        }
        final ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> ModelArtifacts.read(file, ModelArtifacts.sha256(file)));
        assertTrue(e.getMessage().contains("normalizer.bin") && e.getMessage().contains("deserialisation"), e.getMessage());
    }

    @Test
    void aNetworkThatDoesNotFitItsVocabularyIsRefused(@TempDir final Path dir) throws Exception {
        final ModelArtifact a = TestModels.tinyArtifact("i2v", 1, TAGS, 32, 1);
        final ModelArtifact wrong = TestModels.tinyArtifact("i2v", 1, List.of("a", "b"), 32, 1);
        final Path file = dir.resolve("m.i2vmodel");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelArtifacts.write(new ModelArtifact(a.network(), wrong.info()), file));
        assertTrue(e.getMessage().contains("3 outputs"), e.getMessage());
    }

    @Test
    void anHttpStoreDownloadsIntoTheCacheAndNeverFollowsARedirectOutOfTheStore(@TempDir final Path dir) throws Exception {
        final ModelStore writer = new ModelStore(dir.resolve("models").toString(), dir.resolve("unused"));
        final StoredModel stored = writer.save(TestModels.tinyArtifact("i2v", 4, TAGS, 32, 1));
        final byte[] file = Files.readAllBytes(Path.of(java.net.URI.create(stored.uri())));
        final com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/models/i2v-v4.i2vmodel", x -> {
            x.sendResponseHeaders(200, file.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(file);
            }
        });
        http.createContext("/models/moved.i2vmodel", x -> {
            x.getResponseHeaders().add("Location", "/elsewhere/i2v-v4.i2vmodel");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        http.start();
        try {
            final String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/models/";
            final ModelStore reader = new ModelStore(base, dir.resolve("cache"));
            assertEquals(4L, reader.load(base + "i2v-v4.i2vmodel", stored.sha256()).info().version());
            assertTrue(Files.exists(dir.resolve("cache").resolve(stored.sha256() + ".i2vmodel")), "downloaded into the cache, named by its sha256");
            // a fresh cache: the cached file would be used without asking the server
            final ModelStore fresh = new ModelStore(base, dir.resolve("cache2"));
            assertTrue(assertThrows(ModelRejectedException.class, () -> fresh.load(base + "moved.i2vmodel", stored.sha256()))
                    .getMessage().contains("redirected"));
            assertTrue(assertThrows(ModelRejectedException.class, () -> reader.load(base + "i2v-v4.i2vmodel", "../../x"))
                    .getMessage().contains("64 hexadecimal"));
            assertTrue(assertThrows(ModelRejectedException.class, () -> reader.load(stored.uri(), stored.sha256()))
                    .getMessage().contains("not in the model store"));
        } finally {
            http.stop(0);
        }
    }
}
