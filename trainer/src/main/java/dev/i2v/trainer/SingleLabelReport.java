package dev.i2v.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.i2v.model.metrics.SingleLabelMetrics;
import dev.i2v.model.net.NetworkFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A single-label version's report in the report directory: {@code classes-v<N>.md} (accuracy of every
 * head beside the majority baseline, per class, the confusion matrix, the mistakes), the mistakes as
 * JSON lines in {@code mistakes-v<N>.jsonl} (what {@code i2v mistakes} prints), and with a 2-wide
 * embedding {@code map-v<N>.png}.
 */
public final class SingleLabelReport {

    /** Mistakes listed in the markdown (all of them go to the JSON lines). */
    private static final int MISTAKES_SHOWN = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SingleLabelReport() {
    }

    /** Where the trainer writes version {@code version}'s mistakes under its report directory. */
    public static Path mistakesFile(final Path dir, final long version) {
        return dir.resolve("mistakes-v" + version + ".jsonl");
    }

    /** Writes the files; returns the markdown report. */
    static Path write(final Path dir, final long version, final SingleLabelEvaluator.Result r) throws IOException {
        Files.createDirectories(dir);
        final List<String> mistakes = mistakes(version, r);
        Files.write(mistakesFile(dir, version), mistakes);
        final boolean map = BottleneckMap.write(r, version, dir.resolve("map-v" + version + ".png"));
        final Path md = dir.resolve("classes-v" + version + ".md");
        Files.writeString(md, markdown(version, r, mistakes, map));
        return md;
    }

    /** One JSON object per misclassified holdout image: its id, true and predicted class, every class's probability. */
    static List<String> mistakes(final long version, final SingleLabelEvaluator.Result r) {
        final int[] predicted = SingleLabelMetrics.predicted(r.probabilities());
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == r.truth()[i]) {
                continue;
            }
            final ObjectNode o = JSON.createObjectNode();
            o.put("version", version);
            o.put("imageId", r.images().get(i).id());
            o.put("trueClass", r.classes().get(r.truth()[i]));
            o.put("predictedClass", r.classes().get(predicted[i]));
            final ObjectNode p = o.putObject("probabilities");
            for (int c = 0; c < r.classes().size(); c++) {
                p.put(r.classes().get(c), Math.round(r.probabilities()[i][c] * 10000) / 10000.0);
            }
            lines.add(o.toString());
        }
        return lines;
    }

    private static String markdown(final long version, final SingleLabelEvaluator.Result r, final List<String> mistakes, final boolean map) {
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# v%d: %d classes, %d holdout images%n%n", version, r.classes().size(), r.truth().length));
        md.append("| head | top-1 accuracy | holdout loss |\n| --- | --- | --- |\n");
        for (final Map.Entry<String, SingleLabelMetrics.Evaluation> h : r.heads().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.4f |%n", headName(h.getKey()), h.getValue().accuracy(), h.getValue().loss()));
        }
        md.append(String.format(Locale.ROOT, "| majority-class baseline | %.3f | |%n%n", r.majorityBaseline()));
        final SingleLabelMetrics.Evaluation fused = r.fused();
        // classes by name, not vocabulary rank (which follows the counts): the same row order in every version
        final int[] byName = IntStream.range(0, r.classes().size()).boxed().sorted(Comparator.comparing(r.classes()::get))
                .mapToInt(Integer::intValue).toArray();
        md.append("## Per class (").append(headName(NetworkFactory.OUTPUT)).append(" head)\n\n| class | holdout images | accuracy |\n| --- | --- | --- |\n");
        for (final int c : byName) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f |%n", r.classes().get(c), fused.perClassImages()[c], fused.perClassAccuracy()[c]));
        }
        md.append("\n## Confusion matrix (rows: true class, columns: predicted)\n\n| |");
        for (final int c : byName) {
            md.append(' ').append(r.classes().get(c)).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(r.classes().size())).append('\n');
        for (final int t : byName) {
            md.append("| **").append(r.classes().get(t)).append("** |");
            for (final int p : byName) {
                md.append(' ').append(fused.confusion()[t][p]).append(" |");
            }
            md.append('\n');
        }
        if (map) {
            md.append("\n## Learned 2-D embedding\n\n![map](map-v").append(version).append(".png)\n");
        }
        md.append(String.format(Locale.ROOT, "%n## Mistakes (%d; all in mistakes-v%d.jsonl)%n%n", mistakes.size(), version));
        md.append("```\n");
        mistakes.stream().limit(MISTAKES_SHOWN).forEach(m -> md.append(m).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    static String headName(final String output) {
        return switch (output) {
            case NetworkFactory.RGB_OUTPUT -> "RGB branch";
            case NetworkFactory.HS_OUTPUT -> "HS branch";
            default -> "fused";
        };
    }
}
