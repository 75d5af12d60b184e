package dev.i2v.app.files;

import dev.i2v.model.vocab.TagLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tags of a score vector go into a caption: at or above their threshold, not excluded, best
 * first, written by name without their kind ({@code character:hatsune_miku} as {@code hatsune_miku}).
 * A tag's threshold is the character one for labels of kind character ({@link TagLabels}), the general
 * one for every other; either left unset falls back to the model's own per-tag threshold (tuned for F1
 * on the holdout). Ratings are left out: a caption says what the picture shows.
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
     * @param vocabulary      the model's labels ({@link TagLabels})
     * @param general         null: the model's thresholds for general (and every non-character) tag
     * @param character       null: the model's thresholds for character tags
     * @param exclude         tag names never written, with underscores or spaces
     */
    public TagSelection(final List<String> vocabulary, final float[] modelThresholds, final Float general, final Float character, final Set<String> exclude, final boolean underscoresToSpaces) {
        this.vocabulary = List.copyOf(vocabulary);
        this.thresholds = new float[vocabulary.size()];
        this.excluded = new boolean[vocabulary.size()];
        this.underscoresToSpaces = underscoresToSpaces;
        final Set<String> excludedNames = new HashSet<>();
        exclude.forEach(e -> excludedNames.add(e.trim().replace(' ', '_')));
        for (int i = 0; i < vocabulary.size(); i++) {
            final String label = vocabulary.get(i);
            final String kind = TagLabels.kind(label);
            final Float set = TagLabels.CHARACTER.equals(kind) ? character : general;
            thresholds[i] = set != null ? set : modelThresholds[i];
            excluded[i] = TagLabels.RATING.equals(kind) || excludedNames.contains(label) || excludedNames.contains(TagLabels.name(label));
        }
    }

    public List<Chosen> select(final float[] scores) {
        final List<Chosen> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!excluded[i] && scores[i] >= thresholds[i]) {
                final String tag = TagLabels.name(vocabulary.get(i));
                out.add(new Chosen(underscoresToSpaces ? tag.replace('_', ' ') : tag, scores[i]));
            }
        }
        out.sort(Comparator.comparingDouble(Chosen::score).reversed());
        return out;
    }
}
