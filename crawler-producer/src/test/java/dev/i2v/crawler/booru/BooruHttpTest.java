package dev.i2v.crawler.booru;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BooruHttpTest {

    @Test
    void robotsRulesOfOurAgentWinOverTheStarGroup() {
        final String robots = "User-agent: *\nDisallow: /\n\nUser-agent: i2v-stream\nUser-agent: other\nDisallow: /private/ # no\nAllow: /index.php\n";
        final List<String[]> ours = BooruHttp.parseRobots(robots, "i2v-stream/0.1 (+https://x)");
        assertEquals(2, ours.size());
        assertEquals("disallow", ours.get(0)[0]);
        assertEquals("/private/", ours.get(0)[1]);
        final List<String[]> star = BooruHttp.parseRobots(robots, "somebot/1.0");
        assertEquals("/", star.get(0)[1]);
        assertEquals(0, BooruHttp.parseRobots("", "x").size());
    }

    @Test
    void retryAfterIsReadInSecondsAndCapped() {
        assertEquals(3000, BooruHttp.retryAfterMillis("3"));
        assertEquals(300_000, BooruHttp.retryAfterMillis("100000"));
        assertEquals(5000, BooruHttp.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT"));
    }

    @Test
    void ratingLettersAreExpanded() {
        assertEquals("general", BooruSource.rating("g"));
        assertEquals("general", BooruSource.rating("safe"));
        assertEquals("sensitive", BooruSource.rating("s"));
        assertEquals("questionable", BooruSource.rating("q"));
        assertEquals("explicit", BooruSource.rating("e"));
        assertEquals(null, BooruSource.rating(""));
    }
}
