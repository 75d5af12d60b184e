package dev.i2v.app.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagSelectionTest {

    private static final List<String> VOCABULARY = List.of("long_hair", "character:hatsune_miku", "smile", "open_mouth", "rating:general");
    private static final float[] MODEL_THRESHOLDS = {0.3f, 0.9f, 0.6f, 0.5f, 0.5f};
    private static final float[] SCORES = {0.4f, 0.8f, 0.55f, 0.7f, 0.99f};

    private static List<String> names(final List<TagSelection.Chosen> chosen) {
        return chosen.stream().map(TagSelection.Chosen::name).toList();
    }

    @Test
    void withoutThresholdsEachTagUsesTheModelsOwnBestFirstAndRatingsStayOut() {
        final TagSelection s = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, null, null, Set.of(), false);
        assertEquals(List.of("open_mouth", "long_hair"), names(s.select(SCORES)));
        assertEquals(List.of("hatsune_miku", "open_mouth", "smile", "long_hair"),
                names(new TagSelection(VOCABULARY, MODEL_THRESHOLDS, 0f, 0f, Set.of(), false).select(SCORES)), "every tag but the rating");
    }

    @Test
    void theCharacterThresholdAppliesToCharacterLabelsAndTheGeneralOneToTheRest() {
        final TagSelection strictCharacters = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, 0.5f, 0.85f, Set.of(), false);
        assertEquals(List.of("open_mouth", "smile"), names(strictCharacters.select(SCORES)));
        final TagSelection lenientCharacters = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, 0.5f, 0.75f, Set.of(), false);
        assertEquals(List.of("hatsune_miku", "open_mouth", "smile"), names(lenientCharacters.select(SCORES)), "written without its kind");
        final TagSelection modelForCharacters = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, 0.35f, null, Set.of(), false);
        assertEquals(List.of("open_mouth", "smile", "long_hair"), names(modelForCharacters.select(SCORES)),
                "character threshold unset: the model's 0.9 for hatsune_miku");
    }

    @Test
    void excludedTagsMatchWithSpacesOrUnderscoresAndNamesCanUseSpaces() {
        final TagSelection s = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, 0f, 0f, Set.of("open mouth", "smile "), true);
        assertEquals(List.of("hatsune miku", "long hair"), names(s.select(SCORES)));
    }
}
