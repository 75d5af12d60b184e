package dev.i2v.app.demo;

import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The folder a person opens after the demo: index.html with the model versions and their metrics,
 * the training curves, embedding maps, and sample images with predicted next to true tags.
 */
public final class DemoReport {

    private static final int SAMPLES_PER_VERSION = 12;

    private DemoReport() {
    }

    /** A published image as the crawler sent it: what the report compares predictions with. */
    public record Truth(List<String> tags, byte[] png) {
    }

    public static Path write(final Path outDir, final DemoSummary summary, final List<ModelUpdated> models,
                            final Map<Long, List<TagVector>> vectorsByVersion, final Map<String, Truth> truth,
                            final String colorBy, final String trainingCurves) throws IOException {
        Files.createDirectories(outDir.resolve("samples"));
        final StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>i2v-stream demo</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#f3f3f3}")
                .append(".ok{color:#1a7f1a}.bad{color:#c62828}.miss{color:#999}img.s{width:96px;height:96px;image-rendering:pixelated}")
                .append("</style></head><body><h1>i2v-stream demo</h1>");
        html.append("<p>").append(escape(summary.oneLine())).append("</p>");

        html.append("<h2>Model versions</h2><table><tr><th>version</th><th>images trained</th><th>train loss</th>")
                .append("<th>holdout loss</th><th>holdout mAP</th><th>micro F1</th><th>macro F1</th><th>holdout images</th>")
                .append("<th>promoted</th><th>tag vectors</th></tr>");
        for (final ModelUpdated m : models) {
            final var x = m.getMetrics();
            html.append(String.format(Locale.ROOT,
                    "<tr><td>v%d</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td><td>%s</td><td>%d</td></tr>",
                    m.getVersion(), m.getWindow().getImagesTrained(), x.getTrainLoss(), x.getHoldoutLoss(),
                    x.getMeanAveragePrecision(), x.getMicroF1(), x.getMacroF1(), x.getHoldoutImages(),
                    m.getPromoted() ? "yes" : "no", summary.taggedPerVersion().getOrDefault(m.getVersion(), 0)));
        }
        html.append("</table>");

        if (trainingCurves != null) {
            html.append("<h2>Training curves</h2><img src=\"").append(trainingCurves).append("\" width=\"900\">");
        }

        html.append("<h2>Embedding maps</h2><p>PCA of the tagger's embeddings (penultimate layer), coloured by <code>")
                .append(escape(colorBy)).append("</code> from the true tags.</p>");
        for (final Map.Entry<Long, List<TagVector>> e : vectorsByVersion.entrySet()) {
            final String name = "embedding-v" + e.getKey() + ".png";
            final int points = EmbeddingMap.write(e.getValue(), tagsOf(truth), colorBy,
                    "Tag-vector embeddings, model v" + e.getKey(), outDir.resolve(name));
            if (points > 0) {
                html.append("<h3>v").append(e.getKey()).append(" (").append(points).append(" images)</h3><img src=\"")
                        .append(name).append("\" width=\"800\">");
            }
        }

        html.append("<h2>Samples</h2><p><span class=\"ok\">green</span>: predicted and true; <span class=\"bad\">red</span>: ")
                .append("predicted, not true; <span class=\"miss\">grey</span>: true, missed.</p>");
        for (final Map.Entry<Long, List<TagVector>> e : vectorsByVersion.entrySet()) {
            html.append("<h3>Model v").append(e.getKey()).append("</h3><table><tr><th>image</th><th>predicted (score)</th><th>true tags</th></tr>");
            int shown = 0;
            for (final TagVector v : e.getValue()) {
                final Truth t = truth.get(v.getImageId());
                if (t == null || shown++ >= SAMPLES_PER_VERSION) {
                    continue;
                }
                final String file = "samples/" + v.getImageId().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
                Files.write(outDir.resolve(file), t.png());
                html.append("<tr><td><img class=\"s\" src=\"").append(file).append("\"><br><small>").append(escape(v.getImageId()))
                        .append("</small></td><td>").append(predictedHtml(v, t.tags())).append("</td><td>")
                        .append(missedHtml(v, t.tags())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("</body></html>\n");
        final Path index = outDir.resolve("index.html");
        Files.writeString(index, html);
        return index;
    }

    static Map<String, List<String>> tagsOf(final Map<String, Truth> truth) {
        final Map<String, List<String>> out = new java.util.HashMap<>();
        truth.forEach((id, t) -> out.put(id, t.tags()));
        return out;
    }

    private static String predictedHtml(final TagVector v, final List<String> trueTags) {
        final StringBuilder sb = new StringBuilder();
        for (final ScoredTag s : v.getTags()) {
            sb.append("<span class=\"").append(trueTags.contains(s.getName()) ? "ok" : "bad").append("\">")
                    .append(escape(s.getName())).append(String.format(Locale.ROOT, " (%.2f)", s.getScore())).append("</span> ");
        }
        return sb.length() == 0 ? "<i>none above threshold</i>" : sb.toString();
    }

    private static String missedHtml(final TagVector v, final List<String> trueTags) {
        final Set<String> predicted = new HashSet<>();
        v.getTags().forEach(s -> predicted.add(s.getName()));
        final StringBuilder sb = new StringBuilder();
        for (final String t : trueTags) {
            sb.append("<span class=\"").append(predicted.contains(t) ? "ok" : "miss").append("\">").append(escape(t)).append("</span> ");
        }
        return sb.toString();
    }

    private static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
