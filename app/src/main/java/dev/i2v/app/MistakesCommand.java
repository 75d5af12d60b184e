package dev.i2v.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.trainer.SingleLabelReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2v mistakes}: a single-label version's misclassified holdout images, as JSON lines. */
@Command(name = "mistakes", mixinStandardHelpOptions = true,
        description = {"Print the misclassified holdout images of a single-label model version (i2v train --single-label) as JSON lines:",
                "imageId, trueClass, predictedClass and every class's probability. Read from <report-dir>/mistakes-v<N>.jsonl,",
                "which the trainer writes with each version; needs no broker."})
public final class MistakesCommand implements Callable<Integer> {

    private static final Pattern FILE = Pattern.compile("mistakes-v(\\d{1,18})\\.jsonl");

    @Option(names = "--version", description = "Model version (default: the newest in the report directory).")
    Long version;

    @Option(names = "--report-dir", description = "The trainer's report directory (default data/trainer).")
    Path reportDir = Path.of("data/trainer");

    @Override
    public Integer call() throws IOException {
        final Long chosen = version != null ? version : newest(reportDir);
        if (chosen == null) {
            System.err.println("No mistakes-v<N>.jsonl in " + reportDir.toAbsolutePath()
                    + ": train with --single-label and --report-dir pointing here first.");
            return 1;
        }
        final Path file = SingleLabelReport.mistakesFile(reportDir, chosen);
        if (!Files.isRegularFile(file)) {
            System.err.println("No mistakes of v" + chosen + " (" + file.toAbsolutePath() + "); versions there: " + versions(reportDir));
            return 1;
        }
        final ObjectMapper json = new ObjectMapper();
        int bad = 0;
        try (Stream<String> lines = Files.lines(file)) {
            for (final String line : (Iterable<String>) lines::iterator) {
                final JsonNode node = parse(json, line);
                if (node == null || !node.isObject()) {
                    bad++;
                    continue;
                }
                System.out.println(node); // re-serialised: only well-formed JSON reaches a script
            }
        }
        if (bad > 0) {
            System.err.println(bad + " line(s) of " + file + " are not JSON objects and were left out.");
        }
        return 0;
    }

    private static JsonNode parse(final ObjectMapper json, final String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Long> versions(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1))).sorted().toList();
        }
    }

    private static Long newest(final Path dir) throws IOException {
        final List<Long> all = versions(dir);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
