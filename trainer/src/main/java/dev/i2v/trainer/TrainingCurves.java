package dev.i2v.trainer;

import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training curves: training loss per epoch, holdout loss and mAP per window. Redrawn to
 * {@code training-curves.png} (and {@code training-curves.csv}) after every window.
 */
public final class TrainingCurves {

    private record EpochPoint(double x, double loss) {
    }

    private record WindowPoint(long version, VersionMetrics metrics) {
    }

    private final List<EpochPoint> epochs = new ArrayList<>();
    private final List<WindowPoint> windows = new ArrayList<>();

    /** Windows published before this run (after a restart): their last-epoch loss and holdout figures. */
    void restore(final List<ModelUpdated> history) {
        for (final ModelUpdated m : history) {
            final VersionMetrics metrics = VersionMetrics.fromAvro(m.getMetrics());
            epochs.add(new EpochPoint(m.getVersion(), metrics.trainLoss()));
            windows.add(new WindowPoint(m.getVersion(), metrics));
        }
    }

    void add(final WindowReport r) {
        final int n = r.epochLosses().size();
        for (int e = 0; e < n; e++) {
            // epochs of window v sit between v-1 and v on the x axis, the last one at v
            epochs.add(new EpochPoint(r.version() - 1 + (e + 1.0) / n, r.epochLosses().get(e)));
        }
        windows.add(new WindowPoint(r.version(), r.metrics()));
    }

    /** Writes the PNG and the CSV into {@code dir}; returns the PNG. */
    public Path write(final Path dir) throws IOException {
        Files.createDirectories(dir);
        final XYChart loss = new XYChartBuilder().width(640).height(420).title("Loss (binary cross-entropy)")
                .xAxisTitle("model version (window)").yAxisTitle("loss").build();
        loss.getStyler().setMarkerSize(5);
        loss.getStyler().setXAxisDecimalPattern("0.#");
        addSeries(loss, "training, per epoch", epochs.stream().mapToDouble(EpochPoint::x).toArray(),
                epochs.stream().mapToDouble(EpochPoint::loss).toArray());
        addSeries(loss, "holdout, per window", versions(), windows.stream().mapToDouble(w -> w.metrics().holdoutLoss()).toArray());
        final XYChart quality = new XYChartBuilder().width(640).height(420).title("Holdout quality")
                .xAxisTitle("model version (window)").yAxisTitle("score").build();
        quality.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(6);
        quality.getStyler().setXAxisDecimalPattern("0");
        addSeries(quality, "mAP", versions(), windows.stream().mapToDouble(w -> w.metrics().meanAveragePrecision()).toArray());
        addSeries(quality, "micro-F1", versions(), windows.stream().mapToDouble(w -> w.metrics().microF1()).toArray());
        final Path png = dir.resolve("training-curves.png");
        BitmapEncoder.saveBitmap(List.of(loss, quality), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        final StringBuilder csv = new StringBuilder("version,train_loss,holdout_loss,mean_average_precision,micro_f1\n");
        for (final WindowPoint w : windows) {
            final VersionMetrics m = w.metrics();
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f%n", w.version(), m.trainLoss(), m.holdoutLoss(),
                    m.meanAveragePrecision(), m.microF1()));
        }
        Files.writeString(dir.resolve("training-curves.csv"), csv);
        return png;
    }

    private double[] versions() {
        return windows.stream().mapToDouble(WindowPoint::version).toArray();
    }

    private static void addSeries(final XYChart chart, final String name, final double[] x, final double[] y) {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(y[i]) && !Double.isInfinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return; // XChart refuses empty series; a curve appears once it has a point
        }
        final XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
