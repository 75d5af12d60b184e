package dev.i2v.crawler.booru;

import com.fasterxml.jackson.databind.JsonNode;
import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.schemas.avro.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Danbooru's {@code /posts.json}: tags by category ({@code tag_string_general}, {@code _character},
 * {@code _copyright}, {@code _artist}, {@code _meta}), rating letter, md5 and file URL. A login and
 * API key are optional (they lift the anonymous tag-query limits).
 */
public final class DanbooruSource extends BooruSource {

    public static final String DEFAULT_BASE_URL = "https://danbooru.donmai.us";
    private static final String[] CATEGORIES = {"general", "character", "copyright", "artist", "meta"};

    private final String login;
    private final String apiKey;

    public DanbooruSource(final BooruHttp http, final String baseUrl, final String tags, final int pageSize, final long maxPosts,
                          final String login, final String apiKey, final CrawlState state) {
        super(http, baseUrl, tags, pageSize, maxPosts, state);
        this.login = login;
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "danbooru";
    }

    @Override
    int firstPage() {
        return 1;
    }

    @Override
    URI pageUri(final String tags, final long afterId, final long beforeId, final int page) {
        final String query = (tags + " " + idRange(afterId, beforeId) + " order:id").trim();
        final StringBuilder uri = new StringBuilder(baseUrl).append("/posts.json?limit=").append(pageSize).append("&page=").append(page)
                .append("&tags=").append(encode(query));
        if (login != null && !login.isBlank() && apiKey != null && !apiKey.isBlank()) {
            uri.append("&login=").append(encode(login)).append("&api_key=").append(encode(apiKey));
        }
        return URI.create(uri.toString());
    }

    @Override
    List<CrawlItem> posts(final JsonNode page, final URI from) throws CrawlException {
        if (!page.isArray()) {
            throw new CrawlException("MALFORMED_JSON", from + ": expected an array of posts, got " + page.getNodeType()
                    + (page.has("message") ? " (" + page.get("message").asText() + ")" : ""));
        }
        final List<CrawlItem> out = new ArrayList<>();
        for (final JsonNode p : page) {
            final String id = text(p, "id");
            if (id == null) {
                throw new CrawlException("MALFORMED_JSON", from + ": a post without an id");
            }
            final List<Tag> tags = new ArrayList<>();
            for (final String category : CATEGORIES) {
                final String names = text(p, "tag_string_" + category);
                if (names != null && !names.isBlank()) {
                    for (final String n : names.trim().split("\\s+")) {
                        tags.add(Tag.newBuilder().setName(n).setCategory(category).build());
                    }
                }
            }
            final String postUrl = baseUrl + "/posts/" + id;
            final String fileUrl = text(p, "file_url");
            final CrawlItem.Fetch fetch = fileUrl == null || fileUrl.isBlank()
                    ? failing("NO_FILE_URL", postUrl + ": the post has no file_url (deleted, banned or gold-only); skipped.")
                    : () -> http.download(URI.create(fileUrl));
            out.add(new CrawlItem("danbooru:" + id, "danbooru", postUrl, tags, rating(text(p, "rating")), text(p, "md5"), id, fetch));
        }
        return out;
    }
}
