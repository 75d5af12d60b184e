package dev.i2v.app.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tags of a score vector go into a caption: at or above their threshold, not excluded, best
 * first. A tag's threshold is the general one, or the character one for tags whose category is
 * {@code character}; either left unset falls back to the model's own per-tag threshold (tuned for F1
 * on the holdout). Categories come from {@link TagCategories}; a tag it does not name is general.
 */
public final class TagSelection {

    /** A chosen tag, its name as written (underscores replaced if asked). */
    public record Chosen(String name, float score) {
    }

    private final List<String> vocabulary;
    private final float[] thresholds;
    private final boolean[] excluded;
    private final boolean underscoresToSpaces;

    /**
     * @param modelThresholds one per vocabulary tag
     * @param general         null: the model's thresholds for general (and every non-character) tag
     * @param character       null: the model's thresholds for character tags
     * @param exclude         tag names never written, with underscores or spaces
     */
    public TagSelection(final List<String> vocabulary, final float[] modelThresholds, final Map<String, String> categories,
                        final Float general, final Float character, final Set<String> exclude, final boolean underscoresToSpaces) {
        this.vocabulary = List.copyOf(vocabulary);
        this.thresholds = new float[vocabulary.size()];
        this.excluded = new boolean[vocabulary.size()];
        this.underscoresToSpaces = underscoresToSpaces;
        final Set<String> excludedNames = new HashSet<>();
        exclude.forEach(e -> excludedNames.add(e.trim().replace(' ', '_')));
        for (int i = 0; i < vocabulary.size(); i++) {
            final String tag = vocabulary.get(i);
            final Float set = TagCategories.CHARACTER.equals(categories.get(tag)) ? character : general;
            thresholds[i] = set != null ? set : modelThresholds[i];
            excluded[i] = excludedNames.contains(tag);
        }
    }

    public List<Chosen> select(final float[] scores) {
        final List<Chosen> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!excluded[i] && scores[i] >= thresholds[i]) {
                final String tag = vocabulary.get(i);
                out.add(new Chosen(underscoresToSpaces ? tag.replace('_', ' ') : tag, scores[i]));
            }
        }
        out.sort(Comparator.comparingDouble(Chosen::score).reversed());
        return out;
    }
}
