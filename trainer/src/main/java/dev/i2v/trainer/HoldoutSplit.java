package dev.i2v.trainer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable holdout: an image belongs to it when the sha256 of its id falls in the first
 * {@code percent} of 100 buckets. The same id is on the same side on every run and every machine,
 * so a holdout image is never trained on, not even after a restart or a re-crawl.
 */
public final class HoldoutSplit {

    private final int percent;

    public HoldoutSplit(final int percent) {
        if (percent < 0 || percent > 50) {
            throw new IllegalArgumentException("trainer.holdout.percent must be within 0..50, not " + percent);
        }
        this.percent = percent;
    }

    public boolean isHoldout(final String imageId) {
        return bucket(imageId) < percent;
    }

    static int bucket(final String imageId) {
        try {
            final byte[] h = MessageDigest.getInstance("SHA-256").digest(imageId.getBytes(StandardCharsets.UTF_8));
            final long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return (int) (v % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
