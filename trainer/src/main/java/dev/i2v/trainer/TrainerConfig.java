package dev.i2v.trainer;

import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.MultiLabelLoss;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.Settings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trainer's settings, read once from {@link Settings}, each checked where it is read.
 *
 * @param groupId            the consumer group whose committed offsets say where the images topic was read up to;
 *                           by default {@code i2v-trainer.<model.name>}, so a new model name starts at the topic's beginning
 * @param windowSize         labelled training images per window (holdout images come on top)
 * @param maxWindows         stop after this many windows; 0 runs until stopped
 * @param inputSize          input side in pixels (the backbone's default when the setting is blank)
 * @param vgg16Weights       a local VGG16 file for machines without internet; null downloads through DL4J's zoo
 * @param vgg16FrozenUpTo    VGG16 vertices up to this one are frozen; null freezes nothing
 * @param holdoutPercent     share of image ids (by a stable hash) kept out of training to judge each version
 * @param holdoutMax         holdout images kept, newest first
 * @param holdoutMin         a window is not judged before the holdout has this many images: it reads on until it has
 * @param minPositives       a tag counts in the holdout mAP and macro F1 only with this many positive holdout images
 * @param learningRate       Adam's peak rate in each window (warm-up, then cosine decay)
 * @param loss               the multi-label loss
 * @param flip               train on randomly mirrored images too (a horizontal flip keeps every tag true)
 * @param windowSeconds      training time per window: no epoch starts that would likely end after it; 0 for no bound
 * @param tagKinds           which kinds of label the model learns ({@link TagLabels}): general tags and the others by prefix
 * @param promotionTolerance a candidate is promoted unless its holdout mAP is more than this below the promoted version's
 * @param reportDir          where the training curves go
 * @param modelStore         where artifacts are written (a file: location)
 */
public record TrainerConfig(String modelName, String groupId, int windowSize, int epochs, int maxWindows, int batchSize,
                            Backbone backbone, int inputSize, OutputMode mode, Path vgg16Weights, String vgg16FrozenUpTo,
                            int hiddenUnits, int holdoutPercent, int holdoutMax, int holdoutMin, int minPositives,
                            double learningRate, MultiLabelLoss loss, boolean flip, int windowSeconds, int vocabularySize, int vocabularyMinCount,
                            Set<String> tagKinds, double promotionTolerance, Path reportDir, long seed, ImageLimits limits, String modelStore) {

    /** Every trainer setting with its default (merged over Settings.COMMON_DEFAULTS). */
    public static final Map<String, String> DEFAULTS = defaults();

    public TrainerConfig {
        atLeast("trainer.window.size", windowSize, 1);
        atLeast("trainer.epochs", epochs, 0);
        atLeast("trainer.max.windows", maxWindows, 0);
        atLeast("trainer.batch.size", batchSize, 1);
        atLeast("trainer.input.size", inputSize, 1);
        atLeast("trainer.hidden.units", hiddenUnits, 1);
        atLeast("trainer.holdout.max", holdoutMax, 0);
        atLeast("trainer.holdout.min", holdoutMin, 0);
        atLeast("trainer.metrics.min.positives", minPositives, 1);
        atLeast("trainer.window.seconds", windowSeconds, 0);
        if (holdoutMin > holdoutMax) {
            throw new IllegalArgumentException("trainer.holdout.min (" + holdoutMin + ") cannot exceed trainer.holdout.max (" + holdoutMax
                    + "): the window would wait for a holdout it never keeps");
        }
        if (holdoutMin > 0 && holdoutPercent == 0) {
            throw new IllegalArgumentException("trainer.holdout.min is " + holdoutMin + " but trainer.holdout.percent is 0: set the minimum to 0 too");
        }
        atLeast("trainer.vocabulary.size", vocabularySize, 1);
        atLeast("trainer.vocabulary.min.count", vocabularyMinCount, 1);
        if (holdoutPercent < 0 || holdoutPercent > 50) {
            throw new IllegalArgumentException("trainer.holdout.percent must be within 0..50, not " + holdoutPercent);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("trainer.learning.rate must be above 0 and below 1, not " + learningRate);
        }
        if (!(promotionTolerance >= 0)) {
            throw new IllegalArgumentException("trainer.promotion.tolerance must be 0 or more, not " + promotionTolerance);
        }
    }

    public static TrainerConfig from(final Settings given) {
        final Settings s = given.withDefaults(DEFAULTS);
        final Backbone backbone = Backbone.parse(s.get("trainer.backbone"));
        final String weights = s.get("trainer.vgg16.weights");
        final String frozen = s.get("trainer.vgg16.frozen.up.to");
        final String model = s.get("model.name");
        return new TrainerConfig(model, s.has("trainer.group.id") ? s.get("trainer.group.id") : "i2v-trainer." + model,
                s.getInt("trainer.window.size"),
                s.getInt("trainer.epochs"), s.getInt("trainer.max.windows"), s.getInt("trainer.batch.size"), backbone,
                s.has("trainer.input.size") ? s.getInt("trainer.input.size") : backbone.defaultInputSize(),
                OutputMode.valueOf(s.get("trainer.mode").trim().toUpperCase(Locale.ROOT)),
                weights.isBlank() ? null : Path.of(weights),
                backbone == Backbone.VGG16 && !frozen.isBlank() ? frozen : null,
                s.getInt("trainer.hidden.units"), s.getInt("trainer.holdout.percent"), s.getInt("trainer.holdout.max"),
                s.getInt("trainer.holdout.min"), s.getInt("trainer.metrics.min.positives"),
                s.getDouble("trainer.learning.rate"), MultiLabelLoss.parse(s.get("trainer.loss")),
                Boolean.parseBoolean(s.get("trainer.augment.flip").trim()), s.getInt("trainer.window.seconds"),
                s.getInt("trainer.vocabulary.size"), s.getInt("trainer.vocabulary.min.count"),
                TagLabels.parseKinds(s.get("trainer.tag.kinds")), s.getDouble("trainer.promotion.tolerance"), Path.of(s.get("trainer.report.dir")), s.getLong("trainer.seed"),
                new ImageLimits(s.getLong("trainer.max.image.bytes"), s.getLong("trainer.max.image.pixels")), s.get("model.store"));
    }

    private static Map<String, String> defaults() {
        final Map<String, String> d = new TreeMap<>();
        d.put("trainer.group.id", "");
        d.put("trainer.window.size", "15000");
        d.put("trainer.epochs", "1");
        d.put("trainer.max.windows", "0");
        d.put("trainer.batch.size", "32");
        d.put("trainer.backbone", "resnet");
        d.put("trainer.input.size", "");
        d.put("trainer.mode", "multi_label");
        d.put("trainer.vgg16.weights", "");
        d.put("trainer.vgg16.frozen.up.to", "block4_conv1");
        d.put("trainer.hidden.units", "256");
        d.put("trainer.holdout.percent", "5");
        d.put("trainer.holdout.max", "2000");
        d.put("trainer.holdout.min", "500");
        d.put("trainer.metrics.min.positives", "5");
        d.put("trainer.learning.rate", String.valueOf(NetworkFactory.LEARNING_RATE));
        d.put("trainer.loss", "bce");
        d.put("trainer.augment.flip", "true");
        d.put("trainer.window.seconds", "0");
        d.put("trainer.vocabulary.size", "5000");
        d.put("trainer.vocabulary.min.count", "1");
        // artist tags name who drew a picture, a style few images teach; meta tags describe the file (highres, ...)
        d.put("trainer.tag.kinds", "general,character,copyright,rating");
        d.put("trainer.promotion.tolerance", "0");
        d.put("trainer.report.dir", "data/trainer");
        d.put("trainer.seed", "42");
        d.put("trainer.max.image.bytes", String.valueOf(ImageLimits.DEFAULT.maxBytes()));
        d.put("trainer.max.image.pixels", String.valueOf(ImageLimits.DEFAULT.maxPixels()));
        d.put("model.store", "data/models");
        return Map.copyOf(d);
    }

    private static void atLeast(final String key, final long value, final long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + value);
        }
    }

    /** How images become network inputs for this backbone and input size. */
    public ImagePreprocessor preprocessor() {
        return new ImagePreprocessor(inputSize, backbone.normalisation());
    }

    /** The network a new lineage starts from; {@code seed} varies per version. */
    NetworkSpec networkSpec(final int numTags, final long seed) {
        return new NetworkSpec(backbone, inputSize, numTags, mode, hiddenUnits, seed, vgg16Weights, vgg16FrozenUpTo, loss);
    }

    /** The seed of one version's initialisation and shuffles: the same window trains the same way after a restart. */
    long seedOf(final long version) {
        return seed + version;
    }
}
