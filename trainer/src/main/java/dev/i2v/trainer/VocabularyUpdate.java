package dev.i2v.trainer;

import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary step of a window: counts the window's tags into the lineage's cumulative counts,
 * ranks the top tags, and fits the network's outputs to them (weights carried over by tag name).
 */
final class VocabularyUpdate {

    /** A vocabulary and how it differs from the one before. */
    record Change(TagVocabulary vocabulary, int added, int dropped) {

        /** {@code before} is null for a lineage's first window: every tag is new. */
        static Change between(final TagVocabulary before, final TagVocabulary after) {
            if (before == null) {
                return new Change(after, after.size(), 0);
            }
            final Set<String> old = new HashSet<>(before.tags());
            final int added = (int) after.tags().stream().filter(t -> !old.contains(t)).count();
            return new Change(after, added, old.size() - (after.size() - added));
        }
    }

    private final TrainerConfig config;

    VocabularyUpdate(final TrainerConfig config) {
        this.config = config;
    }

    /** Counts {@code window} into {@code counter} and ranks the vocabulary; refuses an empty one. */
    TagVocabulary rank(final TagCounter counter, final List<LabelledImage> window) {
        for (final LabelledImage image : window) {
            counter.add(image.tags());
        }
        final TagVocabulary vocabulary = counter.topK(config.vocabularySize(), config.vocabularyMinCount());
        if (vocabulary.size() == 0) {
            throw new IllegalStateException("No tag reaches trainer.vocabulary.min.count=" + config.vocabularyMinCount()
                    + " after " + counter.images() + " images; lower it or crawl more.");
        }
        return vocabulary;
    }

    /** Ranks the vocabulary after {@code window} and gives the lineage a network with one output per tag of it. */
    Change apply(final ModelLineage lineage, final List<LabelledImage> window, final long seed) {
        final TagVocabulary vocabulary = rank(lineage.counter(), window);
        final Change change = Change.between(lineage.vocabulary(), vocabulary);
        if (lineage.network() == null) {
            lineage.retrain(NetworkFactory.build(config.networkSpec(vocabulary.size(), seed)), vocabulary);
        } else if (!vocabulary.equals(lineage.vocabulary())) {
            lineage.retrain(NetworkFactory.remapOutputs(lineage.network(), lineage.vocabulary().tags(), vocabulary.tags(), seed),
                    vocabulary);
        }
        return change;
    }

    /** The images with at least one tag in {@code vocabulary}; the others are counted in {@code skipped}. */
    static List<LabelledImage> trainable(final List<LabelledImage> images, final TagVocabulary vocabulary,
                                         final Map<String, Integer> skipped) {
        final List<LabelledImage> out = new ArrayList<>();
        for (final LabelledImage image : images) {
            if (image.tags().stream().anyMatch(t -> vocabulary.indexOf(t) >= 0)) {
                out.add(image);
            } else {
                skipped.merge("NO_TAG_IN_VOCABULARY", 1, Integer::sum);
            }
        }
        return out;
    }
}
