package dev.i2v.crawler;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of image bytes: sha256 for event ids and integrity, md5 to check booru downloads. */
public final class ContentHash {

    private ContentHash() {
    }

    public static String sha256Hex(final byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    public static String md5Hex(final byte[] bytes) {
        return hex("MD5", bytes);
    }

    private static String hex(final String algorithm, final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
