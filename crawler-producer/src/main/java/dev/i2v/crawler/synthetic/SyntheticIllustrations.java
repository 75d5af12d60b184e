package dev.i2v.crawler.synthetic;

import dev.i2v.crawler.ContentHash;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Booru-style illustrations drawn with Java2D, with their ground-truth Danbooru tags: the offline
 * image source of the demo and the tests. Girls with hair and eye colours, hair styles, hats,
 * glasses, ribbons, smiles or closed eyes; one, two or three of them, or none; plain, gradient,
 * outdoor, night and indoor backgrounds. Tag frequencies are skewed as on a booru.
 *
 * <p>Picture {@code i} of seed {@code s} depends only on {@code (s, i)}: the same seed gives the same
 * sequence of events, byte for byte, on every run. Not thread-safe: one instance per thread.
 */
public final class SyntheticIllustrations {

    public static final String SOURCE = "synthetic";

    /** 2024-01-01T00:00:00Z: publishedAt counts from here, so it never depends on the clock. */
    private static final long EPOCH_MILLIS = 1_704_067_200_000L;

    private final long seed;
    private final int sizePx;
    private final double tagDropRate;
    private long index;

    /**
     * @param seed        selects the sequence
     * @param sizePx      side of the square pictures, 64..256
     * @param tagDropRate label noise: each true tag is left off with this probability (0 = all tags present)
     */
    public SyntheticIllustrations(final long seed, final int sizePx, final double tagDropRate) {
        if (sizePx < 64 || sizePx > 256) {
            throw new IllegalArgumentException("sizePx " + sizePx + " is outside 64..256; pick a side in that range.");
        }
        if (!(tagDropRate >= 0 && tagDropRate < 1)) {
            throw new IllegalArgumentException("tagDropRate " + tagDropRate + " must be in [0, 1).");
        }
        this.seed = seed;
        this.sizePx = sizePx;
        this.tagDropRate = tagDropRate;
    }

    /**
     * Every label a model learns from this source with the trainer's default tag kinds ({@link TagLabels}), sorted:
     * the general tags, the copyright tag as {@code copyright:original} and the two ratings it gives.
     */
    public static List<String> vocabulary() {
        final List<String> all = new ArrayList<>(Scene.allGeneralTags());
        all.add(TagLabels.label(TagLabels.COPYRIGHT, Scene.COPYRIGHT));
        all.add(TagLabels.label(TagLabels.RATING, "general"));
        all.add(TagLabels.label(TagLabels.RATING, "sensitive"));
        all.sort(null);
        return List.copyOf(all);
    }

    /** The index the next call of {@link #next()} draws. */
    public long nextIndex() {
        return index;
    }

    /** Jumps to picture {@code i}, e.g. to resume a crawl. */
    public void skipTo(final long i) {
        if (i < 0) {
            throw new IllegalArgumentException("index " + i + " is negative");
        }
        this.index = i;
    }

    /** The next picture as a ready-to-publish event: id {@code synthetic:<seed>:<index>}, inline PNG. */
    public ImageEvent next() {
        final long i = index++;
        final Drawn drawn = draw(i);
        final byte[] png = ImageDecoder.encode(drawn.image, "png");
        final List<Tag> tags = new ArrayList<>();
        for (final String name : drawn.tags) {
            tags.add(Tag.newBuilder().setName(name).setCategory(name.equals(Scene.COPYRIGHT) ? "copyright" : "general").build());
        }
        return ImageEvent.newBuilder()
                .setId(SOURCE + ":" + seed + ":" + i)
                .setSource(SOURCE)
                .setSourceUrl(null)
                .setSha256(ContentHash.sha256Hex(png))
                .setContentType("image/png")
                .setWidth(sizePx)
                .setHeight(sizePx)
                .setBytes(ByteBuffer.wrap(png))
                .setUri(null)
                .setTags(tags)
                .setRating(drawn.scene.rating())
                // a post every 45 s from a seed-chosen day of 2024: ordered, reproducible
                .setPublishedAt(Instant.ofEpochMilli(EPOCH_MILLIS + Math.floorMod(mix(seed), 365L) * 86_400_000L + i * 45_000L))
                .build();
    }

    /** A picture, the scene it shows and the tags it is published with (after label noise). */
    record Drawn(Scene scene, BufferedImage image, List<String> tags) {
    }

    Drawn draw(final long i) {
        final SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(i)));
        final Scene scene = Scene.compose(random);
        // separate streams, so the label noise never changes the picture
        final SplittableRandom layout = random.split();
        final SplittableRandom noise = random.split();
        final BufferedImage image = ScenePainter.paint(scene, sizePx, layout);
        final List<String> tags = new ArrayList<>();
        for (final String tag : scene.generalTags()) {
            if (tagDropRate == 0 || noise.nextDouble() >= tagDropRate) {
                tags.add(tag);
            }
        }
        tags.add(Scene.COPYRIGHT);
        return new Drawn(scene, image, List.copyOf(tags));
    }

    /** SplitMix64's finaliser: spreads nearby seeds and indices over the whole long range. */
    private static long mix(final long z0) {
        long z = z0 + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
