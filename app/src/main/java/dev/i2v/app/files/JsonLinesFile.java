package dev.i2v.app.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One JSON line per image: {"path": relative to the folder, "model", "version", "tags": {tag: score}, best first}. */
public final class JsonLinesFile implements TagsOutput {

    private final ObjectMapper json = new ObjectMapper();
    private final Path root;
    private final String model;
    private final long version;
    private final BufferedWriter out;

    public JsonLinesFile(final Path root, final Path file, final String model, final long version) throws IOException {
        this.root = root;
        this.model = model;
        this.version = version;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public String write(final Path image, final List<TagSelection.Chosen> tags) throws IOException {
        final ObjectNode line = json.createObjectNode();
        line.put("path", root.relativize(image).toString());
        line.put("model", model);
        line.put("version", version);
        final ObjectNode scores = line.putObject("tags");
        tags.forEach(t -> scores.put(t.name(), Math.round(t.score() * 1000) / 1000.0));
        out.write(line.toString());
        out.newLine();
        return null;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
