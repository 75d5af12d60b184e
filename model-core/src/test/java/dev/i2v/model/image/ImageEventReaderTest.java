package dev.i2v.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.http.UrlPrefixes;
import dev.i2v.model.testing.HostileCorpus;
import dev.i2v.schemas.I2vSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the hostile corpus that needs no HTTP server, through the reader trainer and
 * tagger share: the outcome is the picture or the reason the corpus expects, never another
 * exception, and no message quotes what a refused place holds.
 */
class ImageEventReaderTest {

    private static final byte[] GOOD_PNG = HostileCorpus.resource("good.png");

    @TempDir
    Path tmp;

    @Test
    void everyHostileCaseGivesItsReasonAndNothingElse() throws Exception {
        final Path claims = Files.createDirectories(tmp.resolve("claims"));
        final Path secret = Files.createDirectories(tmp.resolve("secret")).resolve("secret.png");
        Files.write(secret, GOOD_PNG);
        Files.write(claims.resolve("good.png"), GOOD_PNG);
        Files.createSymbolicLink(claims.resolve("link-to-secret.png"), secret);
        final ImageEventReader reader = new ImageEventReader(new ImageLimits(1 << 20, 64L << 20),
                new ClaimCheckPolicy(List.of(claims), new UrlPrefixes(List.of()), Duration.ofSeconds(1)));
        int checked = 0;
        for (final HostileCorpus.Case c : HostileCorpus.cases()) {
            final byte[] file = c.file().equals("-") ? null : HostileCorpus.resource(c.file());
            final byte[] value;
            switch (c.kind()) {
                case "inline" -> value = I2vSerdes.imageEvent().encode(HostileCorpus.event(c.name(), file, null, List.of("1girl")));
                case "record" -> value = file;
                case "tombstone" -> value = null;
                case "tags" -> value = I2vSerdes.imageEvent().encode(HostileCorpus.event(c.name(), GOOD_PNG, null,
                        List.of(new String(file, StandardCharsets.UTF_8).split("\n"))));
                case "uri" -> {
                    final String uri = new String(file, StandardCharsets.UTF_8);
                    if (uri.contains("${http}")) {
                        continue; // needs the IT's HTTP server
                    }
                    value = I2vSerdes.imageEvent().encode(HostileCorpus.event(c.name(), null,
                            uri.replace("${claims}", claims.toString()).replace("${secret}", secret.toString()), List.of("1girl")));
                }
                default -> {
                    continue; // padded: 8 MiB, published by the IT
                }
            }
            String outcome;
            try {
                reader.image("i2v.images", value, "i2v.images-0@" + checked);
                outcome = "TAGGED";
            } catch (ImageRejectedException e) {
                outcome = e.reason().name();
                assertFalse(e.getMessage().contains("first bytes"), c.name() + ": " + e.getMessage());
            }
            assertEquals(c.expected(), outcome, c.name());
            checked++;
        }
        assertTrue(checked >= 30, "cases checked: " + checked);
    }
}
