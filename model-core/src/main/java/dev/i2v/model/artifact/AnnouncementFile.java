package dev.i2v.model.artifact;

import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The signed model-updated event kept beside its artifact ({@code <artifact>.update}, the event's
 * Avro single-object encoding), so a model store can be used without Kafka ({@code i2v tag-files}):
 * which versions exist, which are promoted, and their sha256 and signature, checked as the tagger
 * checks the same event from the topic.
 */
public final class AnnouncementFile {

    /** A vocabulary of 100,000 long tags is a few MB; anything far larger is not an announcement. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final String SUFFIX = ".i2vmodel.update";
    private static final AvroSerde<ModelUpdated> SERDE = I2vSerdes.modelUpdated();

    private AnnouncementFile() {
    }

    public static Path pathFor(final String artifactUri) {
        final Path artifact = Path.of(URI.create(artifactUri));
        return artifact.resolveSibling(artifact.getFileName() + ".update");
    }

    /** Writes the event beside its artifact; like the artifact, an existing file with other content is never replaced. */
    public static void write(final ModelUpdated announced) throws IOException {
        WriteOnceFile.write(pathFor(announced.getArtifactUri()), SERDE.encode(announced), "Model announcements");
    }

    /**
     * The announcements of {@code modelName} in a store folder, oldest version first. A file that is
     * a link, too large or not a ModelUpdated event goes to {@code unreadable} with the reason, and is
     * left out. The events are as found: check them with {@link ModelUpdateCheck} before use.
     */
    public static List<ModelUpdated> readAll(final Path storeDir, final String modelName, final BiConsumer<Path, String> unreadable)
            throws IOException {
        final Pattern name = Pattern.compile(Pattern.quote(modelName) + "-v[0-9]{1,18}" + Pattern.quote(SUFFIX));
        final List<ModelUpdated> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(storeDir)) {
            for (final Path file : files) {
                if (!name.matcher(file.getFileName().toString()).matches()) {
                    continue;
                }
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                    unreadable.accept(file, "not a regular file of at most " + MAX_BYTES + " bytes (links are not followed)");
                    continue;
                }
                final byte[] bytes;
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    bytes = in.readNBytes((int) MAX_BYTES);
                }
                try {
                    final ModelUpdated event = SERDE.decode(file.toString(), bytes);
                    if (event == null) {
                        throw new IllegalArgumentException("empty");
                    }
                    out.add(event);
                } catch (RuntimeException e) {
                    // Avro's length limits and any other decoding fault: this file is not an announcement
                    unreadable.accept(file, "not a ModelUpdated event (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        out.sort(Comparator.comparingLong(ModelUpdated::getVersion));
        return out;
    }
}
