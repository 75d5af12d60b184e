package dev.i2v.crawler.source;

import dev.i2v.crawler.ContentHash;
import dev.i2v.model.image.ImageRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The image files of a folder crawl grouped by content. Collections publish one picture under several
 * names, each with its own tags (an icon theme's {@code folder.png} and {@code inode-directory.png}):
 * the stream must see that picture once, with every label, not as copies that contradict each other.
 * Only hashes, paths and tags are kept; the bytes are read here to hash them and read again to publish.
 */
final class DistinctPictures {

    /** A sidecar is a few KiB of tags; a bigger one is refused, as every file's tags are held until the crawl ends. */
    static final long MAX_SIDECAR_BYTES = 64 * 1024;

    /**
     * One distinct picture.
     *
     * @param files every file that holds it, in listing order; the first is the one read to publish it
     * @param tags  the union of the files' tags, sorted
     */
    record Picture(String sha256, List<Path> files, SortedSet<String> tags) {
    }

    /** A file left out (unreadable, too large, its sidecar a link out of the folder): the reason as counted (SKIP_ for a skip), a message naming it. */
    record Rejected(Path file, String reason, String message) {
    }

    /** @param pictures in the order of their first file */
    record Grouping(List<Picture> pictures, List<Rejected> rejected) {
    }

    private DistinctPictures() {
    }

    /**
     * Reads and hashes every file (bounded by {@code maxBytes}) and, when {@code tagged}, its tags: the sidecar
     * {@code .txt} if there is one, else the class folder under one of the {@code roots}, else none.
     */
    static Grouping group(final List<Path> files, final List<Path> roots, final boolean tagged, final long maxBytes) {
        final Map<String, Picture> byHash = new LinkedHashMap<>();
        final List<Rejected> rejected = new ArrayList<>();
        for (final Path file : files) {
            final Path sidecar = sidecarOf(file);
            if (tagged && linksOutOfItsFolder(sidecar, file, roots)) {
                rejected.add(new Rejected(file, "SKIP_" + ImageFiles.LINK_OUT_OF_FOLDER,
                        sidecar + ": a link leading out of the folder; its tags are not read (copy the file in instead)."));
                continue;
            }
            final List<String> tags;
            final String hash;
            try {
                tags = tagged ? tagsOf(file, sidecar, roots) : List.of();
                hash = ContentHash.sha256Hex(ImageFiles.read(file, maxBytes));
            } catch (ImageRejectedException e) {
                rejected.add(new Rejected(file, e.reason().name(), e.getMessage()));
                continue;
            }
            final Picture picture = byHash.computeIfAbsent(hash, h -> new Picture(h, new ArrayList<>(), new TreeSet<>()));
            picture.files().add(file);
            picture.tags().addAll(tags);
        }
        return new Grouping(List.copyOf(byHash.values()), rejected);
    }

    private static Path sidecarOf(final Path file) {
        final String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
    }

    /** Links are followed only inside the crawled folder, as for images: a sidecar must not read any file on the machine into the stream. */
    private static boolean linksOutOfItsFolder(final Path sidecar, final Path file, final List<Path> roots) {
        if (!Files.isSymbolicLink(sidecar)) {
            return false;
        }
        final Path folder = roots.stream().filter(r -> Files.isDirectory(r) && file.startsWith(r)).findFirst().orElse(file.getParent());
        try {
            return ImageFiles.leadsOutOf(sidecar, folder.toRealPath());
        } catch (IOException e) {
            return true; // a dangling link: nothing inside the folder to read
        }
    }

    private static List<String> tagsOf(final Path file, final Path sidecar, final List<Path> roots) throws ImageRejectedException {
        if (Files.exists(sidecar)) {
            final String text = new String(ImageFiles.read(sidecar, MAX_SIDECAR_BYTES), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("[\\s,]+"));
        }
        for (final Path root : roots) {
            if (Files.isDirectory(root) && file.startsWith(root) && root.relativize(file).getNameCount() > 1) {
                return List.of(root.relativize(file).getName(0).toString());
            }
        }
        return List.of();
    }
}
