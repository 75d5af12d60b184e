package dev.i2v.trainer;

import dev.i2v.model.metrics.ClassColours;
import dev.i2v.model.net.NetworkFactory;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * With an embedding width of 2 (a bottleneck), the holdout images at their learned coordinates, no
 * projection, one colour per class ({@link ClassColours}: the same class, the same colour in every version).
 */
final class BottleneckMap {

    private BottleneckMap() {
    }

    /** Writes the picture unless the embedding is not 2 wide or there is nothing to plot; returns whether it did. */
    static boolean write(final SingleLabelEvaluator.Result r, final long version, final Path png) throws IOException {
        if (r.embeddings().length == 0 || r.embeddings()[0].length != NetworkFactory.MAP_WIDTH) {
            return false;
        }
        final XYChart chart = new XYChartBuilder().width(800).height(650)
                .title("v" + version + ": learned 2-D embedding of the holdout images (no PCA)")
                .xAxisTitle("embedding unit 1").yAxisTitle("embedding unit 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        final ClassColours colours = new ClassColours(r.classes());
        for (final String name : r.classes().stream().sorted().toList()) {
            final int c = r.classes().indexOf(name);
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = 0; i < r.truth().length; i++) {
                if (r.truth()[i] == c) {
                    xs.add((double) r.embeddings()[i][0]);
                    ys.add((double) r.embeddings()[i][1]);
                }
            }
            if (!xs.isEmpty()) {
                final XYSeries s = chart.addSeries(name + " (" + xs.size() + ")", xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colours.of(name));
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
