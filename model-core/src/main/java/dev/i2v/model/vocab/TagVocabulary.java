package dev.i2v.model.vocab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The tags a model predicts, in output order. Immutable. */
public final class TagVocabulary {

    private final List<String> tags;
    private final Map<String, Integer> index = new HashMap<>();
    private final String id;

    private TagVocabulary(final List<String> tags) {
        this.tags = List.copyOf(tags);
        for (int i = 0; i < this.tags.size(); i++) {
            if (index.put(this.tags.get(i), i) != null) {
                throw new IllegalArgumentException("tag '" + this.tags.get(i) + "' appears twice in the vocabulary");
            }
        }
        this.id = sha256(String.join("\n", this.tags));
    }

    public static TagVocabulary of(final List<String> tags) {
        return new TagVocabulary(tags);
    }

    public List<String> tags() {
        return tags;
    }

    public int size() {
        return tags.size();
    }

    /** The output index of a tag, or -1 when the model does not predict it. */
    public int indexOf(final String tag) {
        return index.getOrDefault(tag, -1);
    }

    /** sha256 (hex) of the tag names in order: tells consumers whether two score vectors line up. */
    public String id() {
        return id;
    }

    /** 1 at the index of each known tag, 0 elsewhere; tags outside the vocabulary are ignored. */
    public float[] multiHot(final Collection<String> imageTags) {
        final float[] v = new float[tags.size()];
        for (final String t : imageTags) {
            final int i = indexOf(t);
            if (i >= 0) {
                v[i] = 1f;
            }
        }
        return v;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof TagVocabulary other && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        return "TagVocabulary[" + tags.size() + " tags, id " + id.substring(0, 12) + "]";
    }

    private static String sha256(final String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
