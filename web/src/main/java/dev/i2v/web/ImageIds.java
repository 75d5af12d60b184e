package dev.i2v.web;

import java.util.regex.Pattern;

/** Image ids as they arrive in URLs: checked before they are looked up or echoed back. */
final class ImageIds {

    /** The ids the crawler and publisher make: {@code source:postId} or {@code source:<sha256>}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,199}");

    private ImageIds() {
    }

    static String check(final String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new HttpFailure(400, "Not an image id: ids are 1 to 200 letters, digits and ':._-' (for example user:<sha256>"
                    + " as POST /api/images returns it).");
        }
        return id;
    }
}
