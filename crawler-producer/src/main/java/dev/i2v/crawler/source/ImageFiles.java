package dev.i2v.crawler.source;

import dev.i2v.model.image.ImageRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one way a folder of images is listed and an image file is read ({@code crawl dir},
 * {@code publish}, {@code tag-files}): recursive, sorted, hidden files and {@code .txt} sidecars
 * left out, links that lead outside the folder refused, reads bounded whatever size a file reports.
 */
public final class ImageFiles {

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");
    /** A file name that is not an image's (and not a .txt sidecar): never read. */
    public static final String NOT_AN_IMAGE_FILE = "NOT_AN_IMAGE_FILE";
    /** A link whose target lies outside the folder: never read. */
    public static final String LINK_OUT_OF_FOLDER = "LINK_OUT_OF_FOLDER";

    /** @param skipped files left out, by reason */
    public record Listing(List<Path> images, Map<String, List<Path>> skipped) {
    }

    private ImageFiles() {
    }

    /** Lists a folder (links to folders are not followed; links to files only when they stay inside it). */
    public static Listing list(final Path folder) {
        final List<Path> images = new ArrayList<>();
        final Map<String, List<Path>> skipped = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            final Path realFolder = folder.toRealPath();
            for (final Path p : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                final String ext = extension(p);
                if (!IMAGE_EXTENSIONS.contains(ext)) {
                    if (!ext.equals("txt")) {
                        skipped.computeIfAbsent(NOT_AN_IMAGE_FILE, k -> new ArrayList<>()).add(p);
                    }
                } else if (leadsOutOf(p, realFolder)) {
                    skipped.computeIfAbsent(LINK_OUT_OF_FOLDER, k -> new ArrayList<>()).add(p);
                } else {
                    images.add(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("Cannot list '" + folder + "': " + e.getMessage() + "; check its permissions.", e);
        }
        return new Listing(images, skipped);
    }

    /** A link whose target lies outside {@code realFolder} (a real path): followed, it could read any file on the machine. */
    static boolean leadsOutOf(final Path file, final Path realFolder) throws IOException {
        return Files.isSymbolicLink(file) && !file.toRealPath().startsWith(realFolder);
    }

    /** The file's bytes, at most {@code maxBytes} of them; a larger file is refused without being read whole. */
    public static byte[] read(final Path file, final long maxBytes) throws ImageRejectedException {
        try {
            final long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(file, size, maxBytes);
            }
            final byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) { // it grew after Files.size
                throw tooLarge(file, bytes.length, maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE, file + ": cannot read (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check the file's permissions.", e);
        }
    }

    private static ImageRejectedException tooLarge(final Path file, final long size, final long maxBytes) {
        return new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE_BYTES,
                String.format(Locale.ROOT, "%s: %,d bytes is over the %,d-byte limit.", file, size, maxBytes));
    }

    static String extension(final Path p) {
        final String n = p.getFileName().toString();
        final int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
