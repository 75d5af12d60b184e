package dev.i2v.app;

import dev.i2v.schemas.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/** The demo's own defaults: small windows and local folders, so versions arrive within minutes on 2 cores. */
final class DemoSettings {

    private DemoSettings() {
    }

    /** How the demo trains each window; {@code i2v bench learning} trains the same way. */
    static final Map<String, String> TRAINING = Map.of(
            // the default residual trunk at 64 px: a window trains in well under a minute on 2 cores
            "trainer.input.size", "64",
            // a few hundred steps per window: smaller batches and a higher peak rate learn more from each image
            "trainer.batch.size", "16",
            "trainer.learning.rate", "0.003");

    static Map<String, String> overrides(final Path dataDir, final Path out, final int window, final int epochs, final int versions) {
        final Map<String, String> all = new HashMap<>(TRAINING);
        all.putAll(Map.ofEntries(
                Map.entry("model.store", dataDir.resolve("models").toUri().toString()),
                Map.entry("trainer.window.size", String.valueOf(window)),
                Map.entry("trainer.epochs", String.valueOf(epochs)),
                Map.entry("trainer.max.windows", String.valueOf(versions)),
                // small windows need a bigger slice held out for the metrics to mean something, and v1 waits for 100 of them
                Map.entry("trainer.holdout.percent", "10"),
                Map.entry("trainer.holdout.min", "100"),
                Map.entry("trainer.report.dir", out.toString()),
                Map.entry("tagger.state.dir", dataDir.resolve("tagger-state").toString()),
                Map.entry("tagger.model.cache.dir", dataDir.resolve("tagger-models").toString())));
        return Map.copyOf(all);
    }

    /** The trainer keeps its curves in its report dir; returns the PNG in {@code out}, or null if none was drawn. */
    static Path copyTrainingCurves(final Settings settings, final Path out) throws IOException {
        final Path curves = Path.of(settings.get("trainer.report.dir")).resolve("training-curves.png");
        if (!Files.exists(curves)) {
            return null;
        }
        final Path target = out.resolve("training-curves.png");
        if (!curves.toAbsolutePath().equals(target.toAbsolutePath())) {
            Files.copy(curves, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
