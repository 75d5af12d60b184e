package dev.i2v.crawler.source;

import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.ContentHash;
import dev.i2v.crawler.ImageSource;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.schemas.avro.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A local folder, recursive, in either layout: an image with a sidecar {@code .txt} of
 * space-separated tags ({@code name.jpg} + {@code name.txt}, as alt-i2v keeps Danbooru data), or
 * class folders ({@code <root>/<label>/.../x.png}: the first folder under the root is the tag).
 * Keys are content hashes; a re-run skips files already published with the same content.
 * With {@code tagged == false} (the {@code i2v publish} case) tags are not required.
 */
public final class FolderSource implements ImageSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderSource.class);

    private final List<Path> roots;
    private final String sourceName;
    private final boolean tagged;
    private final long maxBytes;
    private final CrawlState state;
    private final Iterator<Path> files;
    private final int total;
    private final Map<String, Integer> skippedListing = new TreeMap<>();

    public FolderSource(final List<Path> roots, final String sourceName, final boolean tagged, final long maxBytes, final CrawlState state) {
        this.roots = roots;
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
        this.files = images.iterator();
        this.total = images.size();
    }

    @Override
    public String name() {
        return sourceName;
    }

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
        return files.hasNext();
    }

    @Override
    public CrawlItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final Path file = files.next();
        final String where = file.toString();
        final List<Tag> tags;
        try {
            tags = tagged ? tagsOf(file) : List.of();
        } catch (IOException e) {
            return failing(file, "UNREADABLE", where + ": cannot read its sidecar tags (" + e.getMessage() + ")");
        }
        final byte[] bytes;
        try {
            bytes = ImageFiles.read(file, maxBytes);
        } catch (ImageRejectedException e) {
            return failing(file, e.reason().name(), e.getMessage());
        }
        final String hash = ContentHash.sha256Hex(bytes);
        if (hash.equals(state.get(relative(file), null))) {
            return failing(file, "SKIP_ALREADY_PUBLISHED", where + ": published before with the same content.");
        }
        return new CrawlItem(sourceName + ":" + hash, sourceName, file.toUri().toString(), tags, null, null, relative(file) + "\t" + hash,
                () -> bytes);
    }

    private CrawlItem failing(final Path file, final String reason, final String message) {
        return new CrawlItem(null, sourceName, file.toUri().toString(), List.of(), null, null, relative(file), () -> {
            throw new CrawlException(reason, message);
        });
    }

    /** Sidecar tags if there is a sidecar, else the class folder's name, else none. */
    private List<Tag> tagsOf(final Path file) throws IOException {
        final String name = file.getFileName().toString();
        final Path sidecar = file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
        if (Files.exists(sidecar)) {
            final String text = Files.readString(sidecar, StandardCharsets.UTF_8).trim();
            return CrawlItem.general(text.isEmpty() ? List.of() : Arrays.stream(text.split("[\\s,]+")).distinct().toList());
        }
        for (final Path root : roots) {
            if (Files.isDirectory(root) && file.startsWith(root) && root.relativize(file).getNameCount() > 1) {
                return CrawlItem.general(List.of(root.relativize(file).getName(0).toString()));
            }
        }
        return List.of();
    }

    private String relative(final Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    @Override
    public void checkpoint(final List<CrawlItem> published) {
        final Map<String, String> done = new TreeMap<>();
        for (final CrawlItem item : published) {
            final String[] pathAndHash = item.checkpoint().split("\t");
            done.put(pathAndHash[0], pathAndHash[1]);
        }
        state.putAll(done);
    }
}
