package dev.i2v.model.testing;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/** Small real models and pictures for tests in every module (shared through model-core's test-jar). */
public final class TestModels {

    private TestModels() {
    }

    /** An untrained tiny-backbone model over {@code vocabulary}, thresholds 0.5. */
    public static ModelArtifact tinyArtifact(final String modelName, final long version, final List<String> vocabulary,
                                             final int inputSize, final long seed) {
        final float[] thresholds = new float[vocabulary.size()];
        Arrays.fill(thresholds, 0.5f);
        final ModelInfo info = new ModelInfo(modelName, version, version > 1 ? version - 1 : null, Backbone.TINY, inputSize,
                Backbone.TINY.normalisation(), OutputMode.MULTI_LABEL, vocabulary, thresholds, VersionMetrics.UNMEASURED,
                System.currentTimeMillis());
        return new ModelArtifact(NetworkFactory.build(NetworkSpec.tiny(inputSize, vocabulary.size(), seed)), info);
    }

    /** A picture of one filled square of the given colour on white, at a spot that varies with {@code seed}. */
    public static BufferedImage square(final Color color, final int size, final long seed) {
        final BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(color);
        final int side = size / 3;
        final int x = (int) Math.floorMod(seed * 7, size - side);
        final int y = (int) Math.floorMod(seed * 13, size - side);
        g.fillRect(x, y, side, side);
        g.dispose();
        return img;
    }
}
