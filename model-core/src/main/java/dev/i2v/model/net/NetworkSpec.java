package dev.i2v.model.net;

import java.nio.file.Path;

/**
 * What network to build.
 *
 * @param vgg16Weights a DL4J zoo-format VGG16 file for machines without internet; null downloads through DL4J's zoo
 * @param frozenUpTo   vertices up to and including this one are frozen (e.g. {@code block4_conv1}); null freezes nothing
 * @param loss         the multi-label loss (single-label networks always use softmax cross-entropy)
 */
public record NetworkSpec(Backbone backbone, int inputSize, int numTags, OutputMode mode, int hiddenUnits, long seed,
                          Path vgg16Weights, String frozenUpTo, MultiLabelLoss loss) {

    public NetworkSpec {
        if (numTags < 1) {
            throw new IllegalArgumentException("a network needs at least one tag, got " + numTags);
        }
        if (hiddenUnits < 1) {
            throw new IllegalArgumentException("hidden units must be positive, got " + hiddenUnits);
        }
    }

    /** The small from-scratch backbone, multi-label, 128 hidden units, nothing frozen. */
    public static NetworkSpec tiny(final int inputSize, final int numTags, final long seed) {
        return new NetworkSpec(Backbone.TINY, inputSize, numTags, OutputMode.MULTI_LABEL, 128, seed, null, null, MultiLabelLoss.BCE);
    }
}
