package dev.i2v.crawler.source;

import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.ContentHash;
import dev.i2v.crawler.ImageSource;
import dev.i2v.model.image.ImageRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A local folder, recursive, in either layout: an image with a sidecar {@code .txt} of
 * space-separated tags ({@code name.jpg} + {@code name.txt}, as alt-i2v keeps Danbooru data), or
 * class folders ({@code <root>/<label>/.../x.png}: the first folder under the root is the tag).
 * Keys are content hashes, and each distinct picture is published once with the union of the tags of
 * every file that holds it; the other files are counted as MERGED_DUPLICATE. A re-run skips a picture
 * whose files were all published before with the same content.
 * With {@code tagged == false} (the {@code i2v publish} case) tags are not required.
 */
public final class FolderSource implements ImageSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderSource.class);
    /** Separates the hash and the paths in a checkpoint: the one character no file name can hold. */
    private static final String SEPARATOR = "\0";

    private final String sourceName;
    private final boolean tagged;
    private final long maxBytes;
    private final CrawlState state;
    private final Iterator<DistinctPictures.Rejected> rejected;
    private final Iterator<DistinctPictures.Picture> pictures;
    private final int total;
    private final Map<String, Integer> skippedListing = new TreeMap<>();
    /** Items of the picture being offered: it, then its other files. */
    private final Deque<CrawlItem> pending = new ArrayDeque<>();

    public FolderSource(final List<Path> roots, final String sourceName, final boolean tagged, final long maxBytes, final CrawlState state) {
        this.sourceName = sourceName;
        this.tagged = tagged;
        this.maxBytes = maxBytes;
        this.state = state;
        final List<Path> images = new ArrayList<>();
        for (final Path root : roots) {
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("Folder or file '" + root + "' does not exist; pass an existing path.");
            }
            if (Files.isRegularFile(root)) {
                images.add(root);
                continue;
            }
            final ImageFiles.Listing listing = ImageFiles.list(root);
            images.addAll(listing.images());
            listing.skipped().forEach((reason, files) -> {
                files.forEach(f -> LOG.warn("{}: skipped ({}).", f, reason));
                skippedListing.merge("SKIP_" + reason, files.size(), Integer::sum);
            });
        }
        final DistinctPictures.Grouping grouping = DistinctPictures.group(images, roots, tagged, maxBytes);
        final int held = grouping.pictures().stream().mapToInt(p -> p.files().size()).sum();
        LOG.info("{} image files hold {} distinct pictures: {} repeat an earlier file's picture and are merged into it, {} could not be read",
                images.size(), grouping.pictures().size(), held - grouping.pictures().size(), grouping.rejected().size());
        this.rejected = grouping.rejected().iterator();
        this.pictures = grouping.pictures().iterator();
        this.total = grouping.pictures().size();
    }

    @Override
    public String name() {
        return sourceName;
    }

    /** Distinct pictures: at most this many are published. */
    @Override
    public long expected() {
        return total;
    }

    /** Files with other extensions than images and sidecars: counted as skipped, never read. */
    @Override
    public Map<String, Integer> listingFailures() {
        return skippedListing;
    }

    @Override
    public boolean requiresTags() {
        return tagged;
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty() || rejected.hasNext() || pictures.hasNext();
    }

    @Override
    public CrawlItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (pending.isEmpty()) {
            if (rejected.hasNext()) {
                final DistinctPictures.Rejected r = rejected.next();
                return failing(r.file(), r.reason(), r.message());
            }
            offer(pictures.next());
        }
        return pending.removeFirst();
    }

    /** Queues a picture's items: one to publish with every file's tags (unless all were published before), a skip per other file. */
    private void offer(final DistinctPictures.Picture picture) {
        final List<Path> files = picture.files();
        if (files.stream().allMatch(f -> picture.sha256().equals(state.get(key(f), null)))) {
            files.forEach(f -> pending.add(failing(f, "SKIP_ALREADY_PUBLISHED", f + ": published before with the same content.")));
            return;
        }
        final Path first = files.get(0);
        final StringBuilder checkpoint = new StringBuilder(picture.sha256());
        files.forEach(f -> checkpoint.append(SEPARATOR).append(key(f)));
        pending.add(new CrawlItem(sourceName + ":" + picture.sha256(), sourceName, first.toUri().toString(),
                CrawlItem.general(List.copyOf(picture.tags())), null, null, checkpoint.toString(), () -> bytesOf(first, picture.sha256())));
        for (final Path other : files.subList(1, files.size())) {
            pending.add(tagged && picture.tags().isEmpty()
                    ? failing(other, "SKIP_NO_TAGS", other + ": no tags, like " + first + " which holds the same picture; add tags, or use i2v publish.")
                    : failing(other, "SKIP_MERGED_DUPLICATE", other + ": the same picture as " + first + "; its tags are published with that one."));
        }
    }

    /**
     * Reads the file again rather than keeping its bytes from the grouping: holding every picture until it
     * is published would take as much memory as the folder. It must still be the picture that was grouped.
     */
    private byte[] bytesOf(final Path file, final String sha256) throws CrawlException {
        final byte[] bytes;
        try {
            bytes = ImageFiles.read(file, maxBytes);
        } catch (ImageRejectedException e) {
            throw new CrawlException(e.reason().name(), e.getMessage(), e);
        }
        if (!ContentHash.sha256Hex(bytes).equals(sha256)) {
            throw new CrawlException("CHANGED_DURING_CRAWL", file + ": changed while the crawl ran; the next crawl publishes it as it is then.");
        }
        return bytes;
    }

    private CrawlItem failing(final Path file, final String reason, final String message) {
        return new CrawlItem(null, sourceName, file.toUri().toString(), List.of(), null, null, key(file), () -> {
            throw new CrawlException(reason, message);
        });
    }

    /** The file's key in the crawl state. */
    private static String key(final Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** Records every file of each published picture, so a re-run skips the files merged into it too. */
    @Override
    public void checkpoint(final List<CrawlItem> published) {
        final Map<String, String> done = new TreeMap<>();
        for (final CrawlItem item : published) {
            final String[] hashAndPaths = item.checkpoint().split(SEPARATOR);
            for (int i = 1; i < hashAndPaths.length; i++) {
                done.put(hashAndPaths[i], hashAndPaths[0]);
            }
        }
        state.putAll(done);
    }
}
