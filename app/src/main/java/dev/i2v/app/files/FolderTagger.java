package dev.i2v.app.files;

import dev.i2v.crawler.CrawlSummary;
import dev.i2v.crawler.source.ImageFiles;
import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.model.inference.TagPredictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags every image in a folder with one model version, in batches, without Kafka: the crawler's
 * listing and file reading ({@link ImageFiles}), the one decoder under its limits, the model's own
 * preprocessing and forward pass ({@link TagPredictor}). A file that is not an image, is too large
 * or does not decode is counted by reason and named in the summary; the run goes on.
 */
public final class FolderTagger {

    private static final Logger LOG = LoggerFactory.getLogger(FolderTagger.class);

    private final TagPredictor predictor;
    private final ImageDecoder decoder;
    private final TagSelection selection;
    private final int batchSize;

    public FolderTagger(final TagPredictor predictor, final ImageDecoder decoder, final TagSelection selection, final int batchSize) {
        this.predictor = predictor;
        this.decoder = decoder;
        this.selection = selection;
        this.batchSize = batchSize;
    }

    /** @param stop checked between images (Ctrl-C) */
    public CrawlSummary run(final Path folder, final TagsOutput output, final BooleanSupplier stop) {
        final CrawlSummary summary = new CrawlSummary("tagged");
        final ImageFiles.Listing listing = ImageFiles.list(folder);
        listing.skipped().forEach((reason, files) -> files.forEach(f -> summary.skipped(reason, f.toString())));
        final List<Path> batch = new ArrayList<>();
        final List<byte[]> pixels = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("tag-files " + folder.getFileName(), listing.images().size(), "images")) {
            for (final Path image : listing.images()) {
                if (stop.getAsBoolean()) {
                    break;
                }
                try {
                    pixels.add(predictor.preprocessor().pixels(decoder.decode(ImageFiles.read(image, decoder.limits().maxBytes()),
                            image.toString()).image()));
                    batch.add(image);
                } catch (ImageRejectedException e) {
                    LOG.warn("{}", e.getMessage());
                    summary.failed(e.reason().name(), image.toString());
                    bar.step(1);
                }
                if (batch.size() == batchSize) {
                    tag(batch, pixels, output, summary, bar);
                }
            }
            tag(batch, pixels, output, summary, bar);
            bar.setStatus(summary.progress());
        }
        return summary;
    }

    private void tag(final List<Path> batch, final List<byte[]> pixels, final TagsOutput output, final CrawlSummary summary,
                     final ProgressBar bar) {
        final float[][] scores = predictor.predict(pixels).scores();
        for (int i = 0; i < batch.size(); i++) {
            final Path image = batch.get(i);
            try {
                final String notWritten = output.write(image, selection.select(scores[i]));
                if (notWritten == null) {
                    summary.succeeded();
                } else {
                    summary.skipped(notWritten, image.toString());
                }
            } catch (IOException e) {
                LOG.warn("{}: cannot write its tags: {}", image, e.toString());
                summary.failed("WRITE_FAILED", image + " (" + e.getMessage() + ")");
            }
            bar.step(1);
        }
        bar.setStatus(summary.progress());
        batch.clear();
        pixels.clear();
    }
}
