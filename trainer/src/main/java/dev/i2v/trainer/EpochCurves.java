package dev.i2v.trainer;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Single-label mode's per-epoch curves, training beside validation as Keras users know them: loss and
 * accuracy on a sample of the window's training images ({@link #trainingSample}) and on the holdout,
 * both in inference mode after each epoch, plus the running training loss of the epoch's minibatches
 * (dropout on, mean over the heads of a two-branch network). Over-fitting shows as
 * the holdout loss rising while the training accuracy climbs. Redrawn to {@code epoch-curves.png}
 * and {@code epoch-curves.csv} after every epoch; the epochs of this run only (not restored after a restart).
 */
final class EpochCurves {

    /** @param epoch counted across windows from 1; the figures NaN where there was nothing to measure */
    record Point(long version, int epoch, double runningTrainLoss, double trainLoss, double trainAccuracy, double holdoutLoss,
                 double holdoutAccuracy) {
    }

    /** Training images the per-epoch training figures are measured on. */
    static final int TRAINING_SAMPLE = 1000;

    /** The same curve has the same colour in both charts. */
    private static final Color RUNNING = new Color(0x999999);
    private static final Color TRAINING = new Color(0x377EB8);
    private static final Color VALIDATION = new Color(0xE41A1C);

    private final List<Point> points = new ArrayList<>();

    /**
     * Up to {@link #TRAINING_SAMPLE} images spread evenly over the window: a window is in topic order,
     * which for a crawled class folder is one class after another, so its first images are one class.
     */
    static List<LabelledImage> trainingSample(final List<LabelledImage> window) {
        if (window.size() <= TRAINING_SAMPLE) {
            return window;
        }
        final List<LabelledImage> sample = new ArrayList<>(TRAINING_SAMPLE);
        for (int k = 0; k < TRAINING_SAMPLE; k++) {
            sample.add(window.get((int) ((long) k * window.size() / TRAINING_SAMPLE)));
        }
        return sample;
    }

    void add(final Point p) {
        points.add(p);
    }

    int epochs() {
        return points.size();
    }

    /** Writes the PNG and the CSV into {@code dir}; returns the PNG. */
    Path write(final Path dir) throws IOException {
        Files.createDirectories(dir);
        final XYChart loss = chart("Loss (cross-entropy) per epoch", "loss");
        series(loss, "training (minibatches, dropout on)", RUNNING, Point::runningTrainLoss);
        series(loss, "training (sample, inference)", TRAINING, Point::trainLoss);
        series(loss, "validation (holdout)", VALIDATION, Point::holdoutLoss);
        final XYChart accuracy = chart("Top-1 accuracy per epoch", "accuracy");
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        series(accuracy, "training (sample, inference)", TRAINING, Point::trainAccuracy);
        series(accuracy, "validation (holdout)", VALIDATION, Point::holdoutAccuracy);
        final Path png = dir.resolve("epoch-curves.png");
        BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        final StringBuilder csv = new StringBuilder("version,epoch,running_train_loss,train_loss,train_accuracy,holdout_loss,holdout_accuracy\n");
        for (final Point p : points) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", p.version(), p.epoch(), p.runningTrainLoss(),
                    p.trainLoss(), p.trainAccuracy(), p.holdoutLoss(), p.holdoutAccuracy()));
        }
        Files.writeString(dir.resolve("epoch-curves.csv"), csv);
        return png;
    }

    private static XYChart chart(final String title, final String yTitle) {
        final XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch (all windows)").yAxisTitle(yTitle).build();
        c.getStyler().setMarkerSize(5);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return c;
    }

    private void series(final XYChart chart, final String name, final Color colour, final ToDoubleFunction<Point> figure) {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (final Point p : points) {
            final double y = figure.applyAsDouble(p);
            if (Double.isFinite(y)) {
                xs.add((double) p.epoch());
                ys.add(y);
            }
        }
        if (!xs.isEmpty()) { // XChart refuses empty series
            final XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
        }
    }
}
