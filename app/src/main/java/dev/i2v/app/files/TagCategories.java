package dev.i2v.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tag categories for {@code --tag-categories}: one {@code tag,category} line per tag (a tab works
 * too; blank lines and {@code #} comments are skipped). The models carry no categories (their
 * vocabulary is tag names only), so without this file every tag counts as general.
 */
public final class TagCategories {

    public static final String CHARACTER = "character";
    /** The categories of the images topic's tags (ImageEvent.avsc). */
    static final Set<String> KNOWN = Set.of("general", CHARACTER, "copyright", "artist", "meta");
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private TagCategories() {
    }

    /** @throws IllegalArgumentException naming the file and line, for a file too large or a line that is not tag,category */
    public static Map<String, String> read(final Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("Tag categories " + file + " is over " + MAX_BYTES + " bytes; give one tag,category line per tag.");
        }
        final byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES);
        }
        final Map<String, String> categories = new HashMap<>();
        final List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            final String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String[] parts = line.split("[,\t]");
            final String category = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : "";
            if (parts[0].isBlank() || !KNOWN.contains(category)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "Tag categories %s line %d is not 'tag,category' with a category of %s.",
                        file, n + 1, String.join(", ", KNOWN.stream().sorted().toList())));
            }
            categories.put(parts[0].strip(), category);
        }
        return categories;
    }
}
