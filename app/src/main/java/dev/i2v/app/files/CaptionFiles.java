package dev.i2v.app.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code name.txt} per image, beside it or at the same relative place under an output folder:
 * its tags comma-separated, best first (the caption format of WD14-style taggers, and the sidecar
 * {@code i2v crawl dir} reads). An existing file is kept unless asked to overwrite; a write goes
 * to a temporary file first and is renamed over the target, so a link there is replaced, never followed.
 */
public final class CaptionFiles implements TagsOutput {

    /** A caption file was there before the run (use --overwrite). */
    public static final String CAPTION_EXISTS = "CAPTION_EXISTS";
    /** Another image of the same name (a.png, a.jpg) took this caption file in this run. */
    public static final String CAPTION_NAME_TAKEN = "CAPTION_NAME_TAKEN";

    private final Path root;
    private final Path outDir;
    private final boolean overwrite;
    private final Set<Path> written = new HashSet<>();

    /** @param outDir null: beside each image */
    public CaptionFiles(final Path root, final Path outDir, final boolean overwrite) {
        this.root = root;
        this.outDir = outDir;
        this.overwrite = overwrite;
    }

    public Path captionOf(final Path image) {
        final String name = image.getFileName().toString();
        final Path dir = outDir == null ? image.getParent() : outDir.resolve(root.relativize(image.getParent()).toString());
        return dir.resolve(name.substring(0, name.lastIndexOf('.')) + ".txt");
    }

    @Override
    public String write(final Path image, final List<TagSelection.Chosen> tags) throws IOException {
        final Path caption = captionOf(image);
        if (!written.add(caption)) {
            return CAPTION_NAME_TAKEN;
        }
        if (!overwrite && Files.exists(caption, LinkOption.NOFOLLOW_LINKS)) {
            return CAPTION_EXISTS;
        }
        final Path dir = Files.createDirectories(caption.getParent());
        final Path tmp = Files.createTempFile(dir, ".tag-files-", ".tmp"); // hidden: a listing of the folder skips it
        try {
            Files.writeString(tmp, tags.stream().map(TagSelection.Chosen::name).collect(Collectors.joining(", ")) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, caption, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return null;
    }

    @Override
    public void close() {
        // each caption is complete once written
    }
}
