package dev.i2v.app.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagSelectionTest {

    private static final List<String> VOCABULARY = List.of("long_hair", "hatsune_miku", "smile", "open_mouth");
    private static final float[] MODEL_THRESHOLDS = {0.3f, 0.9f, 0.6f, 0.5f};
    private static final float[] SCORES = {0.4f, 0.8f, 0.55f, 0.7f};

    private static List<String> names(final List<TagSelection.Chosen> chosen) {
        return chosen.stream().map(TagSelection.Chosen::name).toList();
    }

    @Test
    void withoutThresholdsEachTagUsesTheModelsOwnBestFirst() {
        final TagSelection s = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, Map.of(), null, null, Set.of(), false);
        assertEquals(List.of("open_mouth", "long_hair"), names(s.select(SCORES)));
    }

    @Test
    void theGeneralThresholdAppliesToEveryTagWithoutACategoryAndTheCharacterOneToCharacters() {
        final TagSelection general = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, Map.of(), 0.5f, null, Set.of(), false);
        assertEquals(List.of("hatsune_miku", "open_mouth", "smile"), names(general.select(SCORES)), "no categories: all general");

        final Map<String, String> categories = Map.of("hatsune_miku", TagCategories.CHARACTER);
        final TagSelection strictCharacters = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, categories, 0.5f, 0.85f, Set.of(), false);
        assertEquals(List.of("open_mouth", "smile"), names(strictCharacters.select(SCORES)));
        final TagSelection modelForCharacters = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, categories, 0.35f, null, Set.of(), false);
        assertEquals(List.of("open_mouth", "smile", "long_hair"), names(modelForCharacters.select(SCORES)),
                "character threshold unset: the model's 0.9 for hatsune_miku");
    }

    @Test
    void excludedTagsMatchWithSpacesOrUnderscoresAndNamesCanUseSpaces() {
        final TagSelection s = new TagSelection(VOCABULARY, MODEL_THRESHOLDS, Map.of(), 0f, null, Set.of("open mouth", "smile "), true);
        assertEquals(List.of("hatsune miku", "long hair"), names(s.select(SCORES)));
    }

    @Test
    void aCategoriesFileNamesItsBadLine(@TempDir final Path tmp) throws IOException {
        final Path good = tmp.resolve("good.csv");
        Files.writeString(good, "# wd14 style\nhatsune_miku,character\n\nlong_hair\tGeneral\n");
        assertEquals(Map.of("hatsune_miku", "character", "long_hair", "general"), TagCategories.read(good));
        final Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "hatsune_miku,character\nsmile,4\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TagCategories.read(bad));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
