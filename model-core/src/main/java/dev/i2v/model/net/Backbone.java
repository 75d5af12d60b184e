package dev.i2v.model.net;

import dev.i2v.model.image.ImagePreprocessor.Normalisation;
import java.util.Arrays;
import java.util.Locale;

/** The convolutional trunk under the tag head. */
public enum Backbone {
    /** A small VGG-style network trained from scratch: quick, for tests and very small machines. */
    TINY(64, Normalisation.UNIT),
    /** A small ResNet trained from scratch at 96 px, where eyes and accessories survive: the default on a CPU. */
    RESNET(96, Normalisation.UNIT),
    /**
     * Two small branches from scratch, one on RGB and one on hue and saturation, with a head each and a
     * fused head (the Pokémon classifier's design, see {@code TwoBranchTrunk}).
     */
    RGB_HSV(64, Normalisation.UNIT),
    /** DL4J zoo VGG16 with ImageNet weights, fine-tuned from block 4: the paper's model, for a GPU. */
    VGG16(224, Normalisation.VGG_MEAN);

    private final int defaultInputSize;
    private final Normalisation normalisation;

    Backbone(final int defaultInputSize, final Normalisation normalisation) {
        this.defaultInputSize = defaultInputSize;
        this.normalisation = normalisation;
    }

    public int defaultInputSize() {
        return defaultInputSize;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    public static Backbone parse(final String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown backbone '" + name + "'; use one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ".", e);
        }
    }
}
