package dev.i2v.app;

import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.trainer.LearningCurve;
import dev.i2v.trainer.TrainerConfig;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2v bench learning}: holdout mAP against image-steps for the demo's network and training, on synthetic images. */
@Command(name = "learning", mixinStandardHelpOptions = true,
        description = {"How much training a level of holdout mAP costs: the default network, trained as the demo trains it, on",
                "--images fresh synthetic pictures for --epochs epochs, scored after every epoch on --holdout others against",
                "the tag-frequency baseline. Writes bench/results/learning-curve.md and learning-curve.png."})
public final class LearningCurveCommand implements Callable<Integer> {

    @Option(names = "--images", defaultValue = "6000", description = "Training pictures (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--holdout", defaultValue = "600", description = "Held-out pictures, never trained on (default ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--epochs", defaultValue = "4", description = "Epochs over the training pictures (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", defaultValue = "96", description = "Side of the synthetic pictures, as in the demo (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--label-noise", defaultValue = "0.05", description = "Share of true tags left off, as in the demo (default ${DEFAULT-VALUE}).")
    double labelNoise;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic source (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "A trainer setting over the demo's (e.g. -s trainer.input.size=96, -s trainer.loss=asl).")
    Map<String, String> sets = new HashMap<>();

    @Option(names = "--out", defaultValue = "bench/results/learning-curve.md", description = "Results file; the plot goes beside it (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final Map<String, String> settings = new HashMap<>(TrainerConfig.DEFAULTS);
        settings.putAll(DemoSettings.TRAINING);
        settings.putAll(sets);
        final TrainerConfig config = TrainerConfig.from(Settings.of(settings));
        final SyntheticIllustrations source = new SyntheticIllustrations(seed, imageSize, labelNoise);
        final List<ImageEvent> training = draw(source, images);
        final List<ImageEvent> held = draw(source, holdout);
        System.out.printf(Locale.ROOT, "[learning] %s backbone at %d px, batch %d, peak rate %s, %s loss: %d pictures x %d epochs, %d held out%n",
                config.backbone().name().toLowerCase(Locale.ROOT), config.inputSize(), config.batchSize(), config.learningRate(),
                settings.get("trainer.loss"), images, epochs, holdout);
        final List<LearningCurve.Point> points = LearningCurve.measure(config, training, held, epochs,
                p -> System.out.printf(Locale.ROOT, "[learning] epoch %d: %,d image-steps in %.0f s, holdout mAP %.3f (baseline %.3f, %d tags)%n",
                        p.epoch(), p.imageSteps(), p.trainSeconds(), p.meanAveragePrecision(), p.baselineMeanAveragePrecision(), p.tagsScored()));
        Files.createDirectories(out.toAbsolutePath().getParent());
        final Path png = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".png");
        plot(points, png);
        final String report = report(config, settings.get("trainer.loss"), points, png.getFileName().toString());
        Files.writeString(out, report);
        System.out.println(report);
        System.err.println("Written to " + out.toAbsolutePath() + " and " + png.getFileName());
        return 0;
    }

    private static List<ImageEvent> draw(final SyntheticIllustrations source, final int count) {
        final List<ImageEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(source.next());
        }
        return events;
    }

    private String report(final TrainerConfig config, final String loss, final List<LearningCurve.Point> points, final String png) {
        final StringBuilder table = new StringBuilder();
        for (final LearningCurve.Point p : points) {
            table.append(String.format(Locale.ROOT, "| %d | %,d | %.0f | %.1f | %.4f | **%.3f** | %.3f | %.3f | %d |%n", p.epoch(), p.imageSteps(),
                    p.trainSeconds(), p.imageSteps() / Math.max(1e-9, p.trainSeconds()), p.trainLoss(), p.meanAveragePrecision(),
                    p.baselineMeanAveragePrecision(), p.microF1AtEqualPR(), p.tagsScored()));
        }
        return String.format(Locale.ROOT, """
                # Learning curve: holdout mAP against training

                Written by `./i2v bench learning --images %d --holdout %d --epochs %d --image-size %d --label-noise %s --seed %d%s`
                on %s (%d cores, %s, Java %s).

                The demo's network and training (%s backbone, %d px input, batch %d, peak rate %s, %s loss, flips), trained from
                scratch on %,d fresh synthetic %d-px pictures and scored after every epoch on %,d others it never saw, against the
                tag-frequency baseline on the same pictures. An image-step is one picture trained on once; the learning rate warms
                up and decays once over all %d epochs, so only the last row is a finished run. Seconds count training only, on
                whatever else the machine was doing.

                | epoch | image-steps | training s | images/s | train loss | holdout mAP | baseline mAP | micro-F1 at P=R | tags scored |
                | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                %s
                ![holdout mAP against image-steps](%s)
                """, images, holdout, epochs, imageSize, labelNoise, seed, setsText(), Instant.now().toString().substring(0, 16) + "Z",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version"),
                config.backbone().name().toLowerCase(Locale.ROOT), config.inputSize(), config.batchSize(), config.learningRate(), loss,
                images, imageSize, holdout, epochs, table, png);
    }

    private String setsText() {
        final StringBuilder s = new StringBuilder();
        sets.forEach((k, v) -> s.append(" -s ").append(k).append('=').append(v));
        return s.toString();
    }

    private static void plot(final List<LearningCurve.Point> points, final Path png) throws java.io.IOException {
        final XYChart chart = new XYChartBuilder().width(720).height(440).title("Holdout mAP against training")
                .xAxisTitle("image-steps (thousands)").yAxisTitle("holdout mAP").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(6);
        final List<Double> x = new ArrayList<>();
        final List<Double> model = new ArrayList<>();
        final List<Double> baseline = new ArrayList<>();
        for (final LearningCurve.Point p : points) {
            x.add(p.imageSteps() / 1000.0);
            model.add(p.meanAveragePrecision());
            baseline.add(p.baselineMeanAveragePrecision());
        }
        series(chart, "the network, after each epoch", x, model, new Color(0xE41A1C));
        series(chart, "tag-frequency baseline", x, baseline, new Color(0x999999));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(final XYChart chart, final String name, final List<Double> x, final List<Double> y, final Color colour) {
        final XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
    }
}
