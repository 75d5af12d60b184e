package dev.i2v.app.demo;

import dev.i2v.model.metrics.ClassColours;
import dev.i2v.schemas.avro.TagVector;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A 2-D map of tag-vector embeddings (PCA of the penultimate layer), one colour per group of
 * true tags, like the latent plots people make of their classifiers.
 */
public final class EmbeddingMap {

    private EmbeddingMap() {
    }

    /**
     * Writes a PNG scatter plot.
     *
     * @param colorBy   a tag name (points with / without it), a comma-separated list of tags (the first one
     *                  an image has), or a suffix starting with '_' such as {@code _hair} (one colour per
     *                  true tag ending with it)
     * @param trueTags  the published tags of each image id
     * @return how many points were drawn
     */
    public static int write(final List<TagVector> vectors, final Map<String, List<String>> trueTags,
                            final String colorBy, final String title, final Path png) throws IOException {
        final List<TagVector> withEmbedding = vectors.stream()
                .filter(v -> v.getEmbedding() != null && !v.getEmbedding().isEmpty() && trueTags.containsKey(v.getImageId()))
                .toList();
        if (withEmbedding.size() < 3) {
            return 0;
        }
        final double[][] xy = project2d(withEmbedding);

        final Map<String, List<double[]>> groups = new TreeMap<>();
        for (int i = 0; i < withEmbedding.size(); i++) {
            final String group = groupOf(trueTags.get(withEmbedding.get(i).getImageId()), colorBy);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(xy[i]);
        }
        final XYChart chart = new XYChartBuilder().width(900).height(700).title(title)
                .xAxisTitle("PC 1").yAxisTitle("PC 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        final ClassColours colours = coloursOf(trueTags, colorBy);
        for (final Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            final double[] xs = g.getValue().stream().mapToDouble(p -> p[0]).toArray();
            final double[] ys = g.getValue().stream().mapToDouble(p -> p[1]).toArray();
            final XYSeries s = chart.addSeries(g.getKey() + " (" + xs.length + ")", xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours.of(g.getKey()));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return withEmbedding.size();
    }

    /**
     * Colours from every group any published image falls in, not only this version's: a group keeps its
     * colour from one version's map to the next ("other", "several" and "no &lt;tag&gt;" stay grey).
     */
    static ClassColours coloursOf(final Map<String, List<String>> trueTags, final String colorBy) {
        final Set<String> groups = new TreeSet<>();
        for (final List<String> tags : trueTags.values()) {
            final String g = groupOf(tags, colorBy);
            if (!g.startsWith("no ") && !g.equals("other") && !g.equals("several")) {
                groups.add(g);
            }
        }
        return new ClassColours(groups);
    }

    /**
     * The embeddings (rows L2-normalised: cosine geometry, as similarity search uses them) projected on
     * their first two principal components, found by power iteration on the covariance with deflation.
     */
    static double[][] project2d(final List<TagVector> vectors) {
        final int n = vectors.size();
        final int dims = vectors.get(0).getEmbedding().size();
        final double[][] x = new double[n][dims];
        final double[] mean = new double[dims];
        for (int i = 0; i < n; i++) {
            final List<Float> e = vectors.get(i).getEmbedding();
            double norm = 1e-12;
            for (int j = 0; j < dims; j++) {
                norm += e.get(j) * e.get(j);
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dims; j++) {
                x[i][j] = e.get(j) / norm;
                mean[j] += x[i][j] / n;
            }
        }
        for (final double[] row : x) {
            for (int j = 0; j < dims; j++) {
                row[j] -= mean[j];
            }
        }
        final double[][] cov = new double[dims][dims];
        for (final double[] row : x) {
            for (int a = 0; a < dims; a++) {
                for (int b = 0; b < dims; b++) {
                    cov[a][b] += row[a] * row[b];
                }
            }
        }
        final double[][] components = new double[2][];
        for (int c = 0; c < 2; c++) {
            double[] v = new double[dims];
            java.util.Arrays.fill(v, 1.0 / Math.sqrt(dims));
            v[c % dims] += 0.5; // break symmetry
            double eigen = 0;
            for (int it = 0; it < 300; it++) {
                final double[] w = new double[dims];
                for (int a = 0; a < dims; a++) {
                    for (int b = 0; b < dims; b++) {
                        w[a] += cov[a][b] * v[b];
                    }
                }
                double norm = 1e-12;
                for (final double d : w) {
                    norm += d * d;
                }
                norm = Math.sqrt(norm);
                for (int a = 0; a < dims; a++) {
                    w[a] /= norm;
                }
                eigen = norm;
                v = w;
            }
            components[c] = v;
            for (int a = 0; a < dims; a++) {
                for (int b = 0; b < dims; b++) {
                    cov[a][b] -= eigen * v[a] * v[b];
                }
            }
        }
        final double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                double dot = 0;
                for (int j = 0; j < dims; j++) {
                    dot += x[i][j] * components[c][j];
                }
                out[i][c] = dot;
            }
        }
        return out;
    }

    /** Tags that end like a colour tag but say something else (length, state), left out of suffix groups. */
    private static final java.util.Set<String> NOT_COLOURS = java.util.Set.of("long_hair", "short_hair", "closed_eyes",
            "simple_background", "gradient_background");

    static String groupOf(final List<String> tags, final String colorBy) {
        if (colorBy.contains(",")) {
            // a list: the first listed tag the image has
            for (final String t : colorBy.split(",")) {
                if (tags.contains(t.trim())) {
                    return t.trim();
                }
            }
            return "other";
        }
        if (colorBy.startsWith("_")) {
            final List<String> matching = tags.stream().filter(t -> t.endsWith(colorBy) && !NOT_COLOURS.contains(t)).sorted().toList();
            return matching.size() == 1 ? matching.get(0) : matching.isEmpty() ? "other" : "several";
        }
        return tags.contains(colorBy) ? colorBy : "no " + colorBy;
    }
}
