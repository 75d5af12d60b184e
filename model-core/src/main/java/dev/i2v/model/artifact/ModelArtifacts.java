package dev.i2v.model.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.model.net.NativeBackend;
import dev.i2v.model.net.NetworkFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model artifact format: a zip with {@code i2v-model.json} ({@link ModelInfo}) and
 * {@code dl4j-network.zip} (DL4J's own format: configuration JSON, parameters, updater state).
 * Reading checks the sha256 first and refuses any entry that DL4J would read with Java
 * deserialisation (normalizers, attached objects), so a model file cannot run code.
 */
public final class ModelArtifacts {

    static final String INFO_ENTRY = "i2v-model.json";
    static final String NETWORK_ENTRY = "dl4j-network.zip";
    /** DL4J's entries that hold only JSON or raw arrays; anything else (normalizer.bin, objects/...) is Java-serialised. */
    private static final Set<String> SAFE_NETWORK_ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin", "noParams.marker");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        NativeBackend.select(); // reading may be the first thing to load ND4J: pick its native build first
    }

    private ModelArtifacts() {
    }

    /**
     * Writes the artifact (atomically: a temp file, then a rename) and returns the file's sha256 (hex).
     * An existing file is never replaced: the same bytes are kept, other bytes are refused.
     */
    public static String write(final ModelArtifact artifact, final Path file) throws IOException {
        final long outputs = artifact.network().getLayer(NetworkFactory.OUTPUT).getParam("W").size(1);
        if (outputs != artifact.info().vocabulary().size()) {
            throw new IllegalArgumentException("network has " + outputs + " outputs for a vocabulary of " + artifact.info().vocabulary().size());
        }
        final ByteArrayOutputStream network = new ByteArrayOutputStream();
        ModelSerializer.writeModel(artifact.network(), network, true);
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(INFO_ENTRY));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(artifact.info()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(NETWORK_ENTRY));
            network.writeTo(zip);
            zip.closeEntry();
        }
        final String sha = sha256(tmp);
        try {
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmp);
            final String existing = sha256(file);
            if (!existing.equalsIgnoreCase(sha)) {
                throw new IOException("Model artifact " + file + " already exists with other content (sha256 " + existing + ", not " + sha
                        + "); a published artifact is never overwritten. Move that file away if no model-updated event names it.");
            }
        }
        return sha;
    }

    /**
     * Reads and checks an artifact.
     *
     * @throws ModelRejectedException when the sha256 differs, the file is truncated or corrupt, an
     *                                entry would need Java deserialisation, or the network does not fit its vocabulary
     */
    public static ModelArtifact read(final Path file, final String expectedSha256) throws ModelRejectedException {
        final String actual;
        try {
            actual = sha256(file);
        } catch (IOException e) {
            throw new ModelRejectedException("Cannot read model artifact " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new ModelRejectedException("Model artifact " + file + " has sha256 " + actual + " but its model-updated event says "
                    + expectedSha256 + ": the file was changed or damaged after publishing. Republish the model or restore the file.");
        }
        ModelInfo info = null;
        byte[] network = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                switch (e.getName()) {
                    case INFO_ENTRY -> info = JSON.readValue(zip.readAllBytes(), ModelInfo.class);
                    case NETWORK_ENTRY -> network = zip.readAllBytes();
                    default -> throw new ModelRejectedException("Model artifact " + file + " has an unexpected entry '" + e.getName()
                            + "'; only " + INFO_ENTRY + " and " + NETWORK_ENTRY + " are allowed.");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelRejectedException("Model artifact " + file + " is truncated or corrupt: " + e.getMessage(), e);
        }
        if (info == null || network == null) {
            throw new ModelRejectedException("Model artifact " + file + " lacks " + (info == null ? INFO_ENTRY : NETWORK_ENTRY)
                    + ": not an i2v model file, or truncated.");
        }
        checkNetworkEntries(file, network);
        final ComputationGraph graph;
        try {
            // artifacts from before OneDnnConvolutionLayer hold plain convolutions: same parameters, faster layer
            graph = NetworkFactory.withOneDnnLayers(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(network), true));
        } catch (IOException | RuntimeException e) {
            throw new ModelRejectedException("Model artifact " + file + ": the DL4J network does not load: " + e.getMessage(), e);
        }
        final long outputs = graph.getLayer(NetworkFactory.OUTPUT).getParam("W").size(1);
        if (outputs != info.vocabulary().size()) {
            graph.close();
            throw new ModelRejectedException("Model artifact " + file + ": the network has " + outputs + " outputs but the vocabulary "
                    + info.vocabulary().size() + " tags; the file is inconsistent, republish it.");
        }
        return new ModelArtifact(graph, info);
    }

    private static void checkNetworkEntries(final Path file, final byte[] network) throws ModelRejectedException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(network))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!SAFE_NETWORK_ENTRIES.contains(e.getName())) {
                    throw new ModelRejectedException("Model artifact " + file + " holds '" + e.getName() + "', which DL4J would read with Java"
                            + " deserialisation (it can run code); refusing it. Save models with ModelArtifacts.write.");
                }
            }
        } catch (IOException e) {
            throw new ModelRejectedException("Model artifact " + file + ": the network entry is corrupt: " + e.getMessage(), e);
        }
    }

    public static String sha256(final Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
