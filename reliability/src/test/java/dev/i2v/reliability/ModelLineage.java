package dev.i2v.reliability;

import dev.i2v.model.artifact.ModelArtifacts;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a model's published history must be after any crash: versions 1, 2, 3, ... each once; the
 * windows' offset ranges joining per partition from the topic's start without gap or overlap; every
 * event's artifact in the store with the event's sha256, and every artifact in the store announced.
 */
record ModelLineage(List<Long> versions, List<String> problems) {

    static ModelLineage check(final String modelName, final List<ModelUpdated> events, final Path store) throws IOException {
        final List<String> problems = new ArrayList<>();
        final List<ModelUpdated> mine = events.stream().filter(e -> e.getModelName().equals(modelName)).toList();
        final List<Long> versions = mine.stream().map(ModelUpdated::getVersion).toList();
        final Map<Long, Set<String>> shaByVersion = new TreeMap<>();
        mine.forEach(e -> shaByVersion.computeIfAbsent(e.getVersion(), v -> new HashSet<>()).add(e.getSha256()));
        shaByVersion.forEach((v, shas) -> {
            if (shas.size() > 1) {
                final List<String> shortShas = shas.stream().map(x -> x.substring(0, Math.min(12, x.length())) + "...").sorted().toList();
                problems.add("v" + v + " published with " + shas.size() + " different artifacts (sha256 " + shortShas + ")");
            }
        });
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i) != i + 1) {
                problems.add("event " + (i + 1) + " is v" + versions.get(i) + ": versions are not 1, 2, 3, ... in order, each once " + versions);
                break;
            }
        }
        final Map<Integer, Long> nextStart = new HashMap<>();
        for (final ModelUpdated e : mine) {
            for (final OffsetRange r : e.getWindow().getRanges()) {
                final long expected = nextStart.getOrDefault(r.getPartition(), 0L);
                if (r.getStartOffset() != expected) {
                    problems.add(String.format("v%d partition %d starts at offset %d, the previous window ended at %d (%s)", e.getVersion(),
                            r.getPartition(), r.getStartOffset(), expected, r.getStartOffset() > expected ? "gap" : "overlap"));
                }
                nextStart.put(r.getPartition(), r.getEndOffset());
            }
        }
        final Set<Path> announced = new HashSet<>();
        for (final ModelUpdated e : mine) {
            final Path file = Path.of(URI.create(e.getArtifactUri()));
            announced.add(file.toAbsolutePath().normalize());
            if (!Files.exists(file)) {
                problems.add("v" + e.getVersion() + "'s artifact " + file + " is missing");
            } else if (!ModelArtifacts.sha256(file).equalsIgnoreCase(e.getSha256())) {
                problems.add("v" + e.getVersion() + "'s artifact " + file + " does not have the published sha256");
            }
        }
        if (Files.isDirectory(store)) {
            try (var files = Files.list(store)) {
                files.filter(f -> f.getFileName().toString().startsWith(modelName + "-v") && f.getFileName().toString().endsWith(".i2vmodel"))
                        .map(f -> f.toAbsolutePath().normalize())
                        .filter(f -> !announced.contains(f))
                        .forEach(f -> problems.add("artifact " + f.getFileName() + " was never published"));
            }
        }
        return new ModelLineage(versions, problems);
    }

    boolean sound() {
        return problems.isEmpty();
    }

    /** The first few problems and how many there are, short enough for a table cell. */
    String summary() {
        return problems.size() + " problem(s), e.g. " + String.join("; ", problems.subList(0, Math.min(3, problems.size())));
    }
}
