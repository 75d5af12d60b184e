package dev.i2v.crawler;

import dev.i2v.schemas.avro.Tag;
import java.util.List;

/**
 * One image a source offers, before its bytes are fetched.
 *
 * @param id          the stable key: {@code source:postId}, or null to key by content hash (files)
 * @param expectedMd5 the md5 the site states for the file, checked after download; null when unknown
 * @param checkpoint  what the source records once this item is safely published (a post id, an index, a hash)
 */
public record CrawlItem(String id, String source, String sourceUrl, List<Tag> tags, String rating, String expectedMd5,
                        String checkpoint, Fetch fetch) {

    /** Fetches the encoded image bytes (a download, a file read, a drawing). */
    @FunctionalInterface
    public interface Fetch {
        byte[] bytes() throws CrawlException;
    }

    /** Tags from plain names, all in the general category. */
    public static List<Tag> general(final List<String> names) {
        return names.stream().map(n -> Tag.newBuilder().setName(n).setCategory("general").build()).toList();
    }
}
