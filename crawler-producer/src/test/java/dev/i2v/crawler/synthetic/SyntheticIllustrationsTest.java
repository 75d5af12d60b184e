package dev.i2v.crawler.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticIllustrationsTest {

    @Test
    void theSameSeedGivesTheSameEventsByteForByteAndAnotherSeedDoesNot() {
        final SyntheticIllustrations a = new SyntheticIllustrations(5, 96, 0.1);
        final SyntheticIllustrations b = new SyntheticIllustrations(5, 96, 0.1);
        final SyntheticIllustrations c = new SyntheticIllustrations(6, 96, 0.1);
        for (int i = 0; i < 20; i++) {
            final ImageEvent ea = a.next();
            assertEquals(ea, b.next(), "event " + i);
            assertNotEquals(ea.getSha256(), c.next().getSha256());
        }
        final SyntheticIllustrations resumed = new SyntheticIllustrations(5, 96, 0.1);
        resumed.skipTo(19);
        final SyntheticIllustrations fromStart = new SyntheticIllustrations(5, 96, 0.1);
        for (int i = 0; i < 19; i++) {
            fromStart.next();
        }
        assertEquals(fromStart.next(), resumed.next(), "skipTo resumes exactly");
    }

    @Test
    void aVocabularyOfAtLeastFiftyLabelsAllOfWhichOccur() {
        final SyntheticIllustrations source = new SyntheticIllustrations(1, 64, 0);
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            seen.addAll(TagLabels.of(source.next(), Set.of(TagLabels.GENERAL, TagLabels.COPYRIGHT, TagLabels.RATING)));
        }
        assertTrue(SyntheticIllustrations.vocabulary().size() >= 50, "vocabulary " + SyntheticIllustrations.vocabulary().size());
        assertTrue(seen.size() >= 50, "tags seen in 3000 pictures: " + seen.size());
        assertTrue(SyntheticIllustrations.vocabulary().containsAll(seen), "no label outside the vocabulary");
        assertTrue(seen.containsAll(SyntheticIllustrations.vocabulary()), "every label occurs");
    }

    @Test
    void tagsAgreeWithThePicture() {
        final SyntheticIllustrations source = new SyntheticIllustrations(3, 128, 0);
        int hairChecked = 0;
        int backgroundChecked = 0;
        for (int i = 0; i < 300; i++) {
            final SyntheticIllustrations.Drawn d = source.draw(i);
            final BufferedImage img = d.image();
            for (final Scene.HairColour hair : Scene.HairColour.values()) {
                if (d.tags().contains(hair.tag)) {
                    assertTrue(pixelsNear(img, hair.colour) >= 40, "picture " + i + " is tagged " + hair.tag + " but shows little of that colour");
                    hairChecked++;
                }
            }
            for (final Scene.Background bg : Scene.Background.values()) {
                if (bg.simple() && bg != Scene.Background.GRADIENT && d.tags().contains(bg.tags.get(0))) {
                    assertTrue(distance(new Color(img.getRGB(0, 0)), bg.colour) < 12, "picture " + i + " corner is not " + bg.tags.get(0));
                    backgroundChecked++;
                }
            }
            assertEquals(d.tags().contains("greyscale"), isGrey(img), "picture " + i + " greyscale tag");
            if (d.tags().contains("multiple_girls")) {
                assertTrue(d.tags().contains("2girls") || d.tags().contains("3girls"));
            }
        }
        assertTrue(hairChecked > 150 && backgroundChecked > 40, hairChecked + " hair, " + backgroundChecked + " backgrounds checked");
    }

    @Test
    void labelNoiseLeavesTagsOffAtAboutTheGivenRateAndNeverChangesThePicture() {
        final SyntheticIllustrations clean = new SyntheticIllustrations(9, 64, 0);
        final SyntheticIllustrations noisy = new SyntheticIllustrations(9, 64, 0.3);
        int all = 0;
        int kept = 0;
        for (int i = 0; i < 300; i++) {
            final ImageEvent c = clean.next();
            final ImageEvent n = noisy.next();
            assertEquals(c.getSha256(), n.getSha256(), "label noise must not change the picture");
            final List<String> cleanTags = c.getTags().stream().map(Tag::getName).toList();
            assertTrue(cleanTags.containsAll(n.getTags().stream().map(Tag::getName).toList()));
            all += cleanTags.size() - 1; // the copyright tag is never dropped
            kept += n.getTags().size() - 1;
        }
        final double dropped = 1 - (double) kept / all;
        assertTrue(dropped > 0.25 && dropped < 0.35, "dropped " + dropped);
    }

    private static int pixelsNear(final BufferedImage img, final Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (distance(new Color(img.getRGB(x, y)), c) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean isGrey(final BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                final Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - p.getGreen()) > 6 || Math.abs(p.getGreen() - p.getBlue()) > 6) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double distance(final Color a, final Color b) {
        final int dr = a.getRed() - b.getRed();
        final int dg = a.getGreen() - b.getGreen();
        final int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
