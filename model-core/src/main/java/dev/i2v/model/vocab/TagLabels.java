package dev.i2v.model.vocab;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The labels a model learns from an image event, with the tag's kind kept in the name: general tags
 * stay bare ({@code blue_hair}), the other booru categories are prefixed ({@code character:hatsune_miku},
 * {@code copyright:vocaloid}), and the post's rating is one more label ({@code rating:sensitive}), as
 * WD14-style taggers output it. One vocabulary then holds every kind, thresholds stay per tag, and any
 * consumer can tell a character from a general tag by its name alone.
 */
public final class TagLabels {

    public static final String GENERAL = "general";
    public static final String CHARACTER = "character";
    public static final String COPYRIGHT = "copyright";
    public static final String ARTIST = "artist";
    public static final String META = "meta";
    public static final String RATING = "rating";

    /** The kinds a label name can carry as a prefix; general has none. */
    public static final List<String> PREFIXED = List.of(CHARACTER, COPYRIGHT, ARTIST, META, RATING);

    /** Danbooru's ratings since 2022, mildest first. */
    public static final List<String> RATINGS = List.of("general", "sensitive", "questionable", "explicit");

    private TagLabels() {
    }

    /**
     * The event's labels of the wanted kinds, in event order, rating last. A tag without a category, or
     * with one this class does not know, is general.
     */
    public static List<String> of(final ImageEvent event, final Set<String> kinds) {
        final List<String> labels = new ArrayList<>(event.getTags().size() + 1);
        for (final Tag t : event.getTags()) {
            final String kind = kindOf(t.getCategory());
            if (kinds.contains(kind)) {
                labels.add(label(kind, t.getName()));
            }
        }
        final String rating = rating(event.getRating());
        if (kinds.contains(RATING) && rating != null) {
            labels.add(label(RATING, rating));
        }
        return labels;
    }

    /** The label of a tag of one kind: the bare name for general, {@code kind:name} otherwise. */
    public static String label(final String kind, final String name) {
        return GENERAL.equals(kind) ? name : kind + ":" + name;
    }

    /** The kind a label names ({@code general} when it has no known prefix: {@code :d} and {@code re:zero} stay general). */
    public static String kind(final String label) {
        final int colon = label.indexOf(':');
        if (colon > 0) {
            final String prefix = label.substring(0, colon);
            if (PREFIXED.contains(prefix)) {
                return prefix;
            }
        }
        return GENERAL;
    }

    /** The tag's name without its kind. */
    public static String name(final String label) {
        final String kind = kind(label);
        return GENERAL.equals(kind) ? label : label.substring(kind.length() + 1);
    }

    /** Parses a comma-separated list of kinds, refusing unknown ones. */
    public static Set<String> parseKinds(final String commaSeparated) {
        final Set<String> kinds = new java.util.TreeSet<>();
        for (final String part : commaSeparated.split(",")) {
            final String k = part.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (!GENERAL.equals(k) && !PREFIXED.contains(k)) {
                throw new IllegalArgumentException("unknown tag kind '" + k + "'; the kinds are general, " + String.join(", ", PREFIXED));
            }
            kinds.add(k);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no tag kind given: name at least one of general, " + String.join(", ", PREFIXED));
        }
        return Set.copyOf(kinds);
    }

    /** The rating as one of {@link #RATINGS} (booru letters expanded), or null for none or one not known. */
    static String rating(final String given) {
        if (given == null) {
            return null;
        }
        final String r = given.trim().toLowerCase(Locale.ROOT);
        for (final String known : RATINGS) {
            if (known.equals(r) || r.length() == 1 && known.charAt(0) == r.charAt(0)) {
                return known;
            }
        }
        return null;
    }

    private static String kindOf(final String category) {
        if (category == null) {
            return GENERAL;
        }
        final String c = category.trim().toLowerCase(Locale.ROOT);
        return PREFIXED.contains(c) ? c : GENERAL;
    }
}
