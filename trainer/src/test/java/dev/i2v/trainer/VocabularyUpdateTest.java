package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.vocab.TagCounter;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.Settings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VocabularyUpdateTest {

    private static LabelledImage image(final String id, final String... tags) {
        return new LabelledImage(id, new byte[3], List.of(tags));
    }

    private static VocabularyUpdate update(final int size, final int minCount) {
        return new VocabularyUpdate(TrainerConfig.from(Settings.of(Map.of(
                "trainer.vocabulary.size", String.valueOf(size), "trainer.vocabulary.min.count", String.valueOf(minCount)))));
    }

    @Test
    void theFirstVocabularyIsAllNewAndAChangeCountsAddedAndDroppedTags() {
        final TagVocabulary v1 = TagVocabulary.of(List.of("a", "b", "c"));
        assertEquals(new VocabularyUpdate.Change(v1, 3, 0), VocabularyUpdate.Change.between(null, v1));
        assertEquals(new VocabularyUpdate.Change(v1, 0, 0), VocabularyUpdate.Change.between(v1, v1));
        final TagVocabulary v2 = TagVocabulary.of(List.of("b", "d", "e", "a"));
        assertEquals(new VocabularyUpdate.Change(v2, 2, 1), VocabularyUpdate.Change.between(v1, v2), "d and e in, c out");
    }

    @Test
    void rankingCarriesCountsAcrossWindowsAndKeepsTheMostFrequentTags() {
        final TagCounter counter = new TagCounter();
        final VocabularyUpdate update = update(2, 1);
        assertEquals(List.of("hat", "cat"), update.rank(counter, List.of(image("1", "hat", "cat"), image("2", "hat"), image("3", "hat"))).tags());
        // window 2 has no hat, but hat's count from window 1 keeps it on top
        assertEquals(List.of("hat", "dog"), update.rank(counter, List.of(image("4", "dog"), image("5", "dog"))).tags());
        assertEquals(5, counter.images());
    }

    @Test
    void aVocabularyWithNoTagIsRefusedWithTheSettingToChange() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> update(10, 5).rank(new TagCounter(), List.of(image("1", "hat"))));
        assertTrue(e.getMessage().contains("trainer.vocabulary.min.count=5"), e.getMessage());
    }

    @Test
    void imagesWithoutAnyVocabularyTagAreCountedNotTrained() {
        final Map<String, Integer> skipped = new TreeMap<>(Map.of("NO_TAGS", 2));
        final List<LabelledImage> trainable = VocabularyUpdate.trainable(
                List.of(image("1", "hat", "rare"), image("2", "rare"), image("3", "cat"), image("4", "other")),
                TagVocabulary.of(List.of("hat", "cat")), skipped);
        assertEquals(List.of("1", "3"), trainable.stream().map(LabelledImage::id).toList());
        assertEquals(Map.of("NO_TAGS", 2, "NO_TAG_IN_VOCABULARY", 2), skipped);
    }
}
