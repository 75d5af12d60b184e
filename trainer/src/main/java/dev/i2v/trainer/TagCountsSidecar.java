package dev.i2v.trainer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.model.artifact.WriteOnceFile;
import dev.i2v.model.vocab.TagCounter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cumulative tag counts behind a version's vocabulary, in a JSON file next to its artifact
 * ({@code <artifact>.tag-counts.json}), so a restarted trainer ranks tags exactly as before.
 */
final class TagCountsSidecar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TagCountsSidecar() {
    }

    static Path pathFor(final String artifactUri) {
        final Path artifact = Path.of(URI.create(artifactUri));
        return artifact.resolveSibling(artifact.getFileName() + ".tag-counts.json");
    }

    /** Writes the counts next to a new artifact; like the artifact, an existing file with other content is never replaced. */
    static void write(final String artifactUri, final TagCounter counter) throws IOException {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("images", counter.images());
        doc.put("counts", new TreeMap<>(counter.counts()));
        final byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        WriteOnceFile.write(pathFor(artifactUri), json, "Tag counts");
    }

    /** The counts saved with a version, or null when the file is missing (an artifact from elsewhere). */
    static TagCounter read(final String artifactUri) throws IOException {
        final Path file = pathFor(artifactUri);
        if (!Files.exists(file)) {
            return null;
        }
        final Map<String, Object> doc = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        final Map<String, Long> counts = new LinkedHashMap<>();
        @SuppressWarnings("unchecked") final Map<String, Number> raw = (Map<String, Number>) doc.get("counts");
        raw.forEach((k, v) -> counts.put(k, v.longValue()));
        return TagCounter.restore(counts, ((Number) doc.get("images")).longValue());
    }
}
