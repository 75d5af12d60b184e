package dev.i2v.crawler.booru;

import com.fasterxml.jackson.databind.JsonNode;
import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Safebooru and other Gelbooru-style sites through the DAPI:
 * {@code index.php?page=dapi&s=post&q=index&json=1&limit=..&pid=..&tags=..}. Safebooru tags have
 * no categories here, so every tag is general.
 */
public final class SafebooruSource extends BooruSource {

    public static final String DEFAULT_BASE_URL = "https://safebooru.org";

    public SafebooruSource(final BooruHttp http, final String baseUrl, final String tags, final int pageSize, final long maxPosts,
                           final CrawlState state) {
        super(http, baseUrl, tags, pageSize, maxPosts, state);
    }

    @Override
    public String name() {
        return "safebooru";
    }

    @Override
    int firstPage() {
        return 0;
    }

    @Override
    URI pageUri(final String tags, final long afterId, final long beforeId, final int page) {
        final String query = (tags + " " + idRange(afterId, beforeId) + " sort:id:asc").trim();
        return URI.create(baseUrl + "/index.php?page=dapi&s=post&q=index&json=1&limit=" + pageSize + "&pid=" + page
                + "&tags=" + encode(query));
    }

    @Override
    List<CrawlItem> posts(final JsonNode page, final URI from) throws CrawlException {
        // the DAPI answers an array, or {"post": [...]} on some Gelbooru versions
        final JsonNode posts = page.isArray() ? page : page.get("post");
        if (posts == null || !posts.isArray()) {
            throw new CrawlException("MALFORMED_JSON", from + ": expected an array of posts, got " + page.getNodeType());
        }
        final List<CrawlItem> out = new ArrayList<>();
        for (final JsonNode p : posts) {
            final String id = text(p, "id");
            if (id == null) {
                throw new CrawlException("MALFORMED_JSON", from + ": a post without an id");
            }
            final String postUrl = baseUrl + "/index.php?page=post&s=view&id=" + id;
            String fileUrl = text(p, "file_url");
            if (fileUrl == null && text(p, "directory") != null && text(p, "image") != null) {
                fileUrl = baseUrl + "/images/" + text(p, "directory") + "/" + text(p, "image");
            }
            final String tagText = text(p, "tags");
            final List<String> names = tagText == null || tagText.isBlank() ? List.of() : Arrays.asList(tagText.trim().split("\\s+"));
            final CrawlItem.Fetch fetch = fileUrl == null
                    ? failing("NO_FILE_URL", postUrl + ": the post has no file URL (deleted or hidden); skipped.")
                    : downloader(fileUrl);
            out.add(new CrawlItem("safebooru:" + id, "safebooru", postUrl, CrawlItem.general(names), rating(text(p, "rating")),
                    text(p, "hash"), id, fetch));
        }
        return out;
    }

    private CrawlItem.Fetch downloader(final String fileUrl) {
        return () -> http.download(URI.create(fileUrl));
    }
}
