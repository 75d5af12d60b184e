package dev.i2v.model.image;

import java.util.List;

/**
 * What a tag name may be, wherever tags are read (an image's tags, a model's vocabulary): 1 to
 * {@value #MAX_TAG_LENGTH} characters of any script, without whitespace, control, format (bidi
 * overrides, zero-width characters), private-use, unassigned or lone surrogate code points, which
 * would make two different tags look the same or garble logs and reports.
 */
public final class TagNames {

    /** Booru posts carry at most a few hundred tags; 10,000 is an attack, not an image. */
    public static final int MAX_TAGS_PER_IMAGE = 1000;
    /** Longest booru tags are under 100 characters. */
    public static final int MAX_TAG_LENGTH = 200;

    private TagNames() {
    }

    /** Null when every tag is acceptable, else why the first bad one is not (without echoing it). */
    public static String problemWith(final List<String> tags, final int maxTags) {
        if (tags.size() > maxTags) {
            return tags.size() + " tags, over the limit of " + maxTags;
        }
        for (int i = 0; i < tags.size(); i++) {
            final String problem = problemWith(tags.get(i));
            if (problem != null) {
                return "tag #" + (i + 1) + " " + problem;
            }
        }
        return null;
    }

    /** Null when the name is acceptable, else why not. */
    public static String problemWith(final String tag) {
        if (tag == null || tag.isEmpty()) {
            return "is empty";
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return "is " + tag.length() + " characters long, over " + MAX_TAG_LENGTH;
        }
        for (int i = 0; i < tag.length(); ) {
            final int cp = tag.codePointAt(i);
            final int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("holds the code point U+%04X (whitespace, control, format, private-use or unassigned)", cp);
            }
            i += Character.charCount(cp);
        }
        return null;
    }
}
