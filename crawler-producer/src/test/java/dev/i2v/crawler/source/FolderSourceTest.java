package dev.i2v.crawler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.schemas.avro.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouping a folder's files by content: one item per distinct picture with every file's tags, the rest counted. */
class FolderSourceTest {

    @TempDir
    Path tmp;

    /** What the crawler would make of an item: "publish <tags>", or the reason its fetch gives as the summary counts it. */
    private record Outcome(String what, CrawlItem item, String message) {
    }

    private static List<Outcome> drain(final FolderSource source) {
        final List<Outcome> out = new ArrayList<>();
        while (source.hasNext()) {
            final CrawlItem item = source.next();
            try {
                item.fetch().bytes();
                out.add(new Outcome("publish " + String.join(" ", item.tags().stream().map(Tag::getName).toList()), item, ""));
            } catch (CrawlException e) {
                out.add(new Outcome(e.reason().replaceFirst("^SKIP_", ""), item, e.getMessage()));
            }
        }
        return out;
    }

    private static List<String> whats(final List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::what).toList();
    }

    private Path image(final String name, final String content, final String sidecar) throws Exception {
        final Path file = tmp.resolve("icons").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        if (sidecar != null) {
            Files.writeString(file.resolveSibling(name.replace(".png", ".txt")), sidecar);
        }
        return file;
    }

    private FolderSource source(final boolean tagged, final CrawlState state) {
        return new FolderSource(List.of(tmp.resolve("icons")), "dir", tagged, 1 << 20, state);
    }

    @Test
    void twoFilesWithTheSameBytesAreOnePictureWithTheUnionOfTheirTags() throws Exception {
        final Path folder = image("folder.png", "picture A", "places folder theme_gnome");
        final Path directory = image("inode-directory.png", "picture A", "mimetypes inode directory theme_gnome");
        final List<Outcome> out = drain(source(true, CrawlState.notKept()));
        assertEquals(List.of("publish directory folder inode mimetypes places theme_gnome", "MERGED_DUPLICATE"), whats(out));
        assertEquals(folder.toUri().toString(), out.get(0).item().sourceUrl(), "published from the first file");
        assertTrue(out.get(1).message().contains(directory.toString()) && out.get(1).message().contains(folder.toString()),
                "the merged file and the one it joined are named: " + out.get(1).message());
    }

    @Test
    void filesWithDifferentBytesStayApartAndAreReadAgainWhenPublished() throws Exception {
        image("a.png", "picture A", "apple");
        image("b.png", "picture B", "apple");
        final FolderSource source = source(true, CrawlState.notKept());
        final CrawlItem first = source.next();
        assertEquals("picture A", new String(first.fetch().bytes(), StandardCharsets.UTF_8));
        assertEquals(List.of("publish apple"), whats(drain(source)));
        assertEquals(2, source(true, CrawlState.notKept()).expected());

        // a file that changes between the grouping and its publishing is not published under the old hash
        final FolderSource again = source(true, CrawlState.notKept());
        Files.writeString(tmp.resolve("icons/a.png"), "picture C");
        assertEquals(List.of("CHANGED_DURING_CRAWL", "publish apple"), whats(drain(again)));
    }

    @Test
    void aRerunSkipsEveryFileOfAPublishedPictureAndANewNameRepublishesItWithAllTags() throws Exception {
        image("folder.png", "picture A", "folder");
        image("inode-directory.png", "picture A", "directory");
        image("user-home.png", "picture B", "home");
        final Path stateDir = tmp.resolve("state");
        final FolderSource first = source(true, new CrawlState(stateDir, "dir"));
        final List<Outcome> out = drain(first);
        assertEquals(List.of("publish directory folder", "MERGED_DUPLICATE", "publish home"), whats(out));
        first.checkpoint(out.stream().filter(o -> o.what().startsWith("publish")).map(Outcome::item).toList());

        assertEquals(List.of("ALREADY_PUBLISHED", "ALREADY_PUBLISHED", "ALREADY_PUBLISHED"),
                whats(drain(source(true, new CrawlState(stateDir, "dir")))));

        image("new-folder.png", "picture A", "new");
        assertEquals(List.of("publish directory folder new", "MERGED_DUPLICATE", "MERGED_DUPLICATE", "ALREADY_PUBLISHED"),
                whats(drain(source(true, new CrawlState(stateDir, "dir")))));
    }

    @Test
    void untaggedFilesMergeToOneEventOrAreAllCountedWithoutTags() throws Exception {
        image("mine.png", "picture A", null);
        image("copy of mine.png", "picture A", null);
        // i2v publish: tags are not needed, the picture goes out once
        assertEquals(List.of("publish ", "MERGED_DUPLICATE"), whats(drain(source(false, CrawlState.notKept()))));
        // a tagged crawl: the crawler skips the first as NO_TAGS, and the copy is counted the same way
        assertEquals(List.of("publish ", "NO_TAGS"), whats(drain(source(true, CrawlState.notKept()))));
    }

    @Test
    void aSidecarLinkIsFollowedInsideTheFolderOnly() throws Exception {
        final Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "password hunter2");
        final Path outside = image("outside.png", "picture A", null);
        Files.createSymbolicLink(outside.resolveSibling("outside.txt"), secret);
        image("inside.png", "picture B", "bee");
        Files.createSymbolicLink(tmp.resolve("icons/shared.txt"), tmp.resolve("icons/inside.txt"));
        image("shared.png", "picture C", null);
        final List<Outcome> out = drain(source(true, CrawlState.notKept()));
        assertEquals(List.of("LINK_OUT_OF_FOLDER", "publish bee", "publish bee"), whats(out));
        assertTrue(out.get(0).message().contains("outside.txt"), out.get(0).message());
    }

    @Test
    void oversizedFilesAndSidecarsAreRejectedByNameAndKeptOutOfTheGroups() throws Exception {
        image("a.png", "picture A", "apple");
        final Path big = image("big.png", "picture A", "x ".repeat((int) DistinctPictures.MAX_SIDECAR_BYTES));
        final Path huge = image("huge.png", "h".repeat(2 << 20), "apple");
        final List<Outcome> out = drain(source(true, CrawlState.notKept()));
        assertEquals(List.of("TOO_LARGE_BYTES", "TOO_LARGE_BYTES", "publish apple"), whats(out));
        assertTrue(out.get(0).message().contains(big.resolveSibling("big.txt").toString()), out.get(0).message());
        assertTrue(out.get(1).message().contains(huge.toString()), out.get(1).message());
    }
}
