package dev.i2v.trainer;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelRejectedException;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's line of versions as the trainer holds it: the network being trained with its
 * vocabulary and the tag counts behind it, and the last promoted version, kept to score it on the
 * same holdout as each candidate.
 */
final class ModelLineage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLineage.class);

    private ComputationGraph net;
    private TagVocabulary vocabulary;
    private TagCounter counter = new TagCounter();
    private long version;
    private ComputationGraph promotedNet;
    private TagVocabulary promotedVocabulary;
    private long promotedVersion;

    private ModelLineage() {
    }

    /** Continues from the last published version (weights, vocabulary, tag counts), or starts fresh when there is none. */
    static ModelLineage resume(final ModelHistory history, final ModelStore store, final String modelName) {
        final ModelLineage s = new ModelLineage();
        if (history.latest().isEmpty()) {
            return s;
        }
        final ModelUpdated last = history.latest().get();
        final ModelArtifact artifact = load(store, modelName, last);
        s.net = artifact.network();
        final ModelUpdated promoted = history.latestPromoted().orElse(null);
        if (promoted != null) {
            s.promotedVersion = promoted.getVersion();
            s.promotedVocabulary = TagVocabulary.of(promoted.getVocabulary());
            s.promotedNet = promoted.getVersion() == last.getVersion() ? s.net.clone() : load(store, modelName, promoted).network();
        }
        s.vocabulary = TagVocabulary.of(artifact.info().vocabulary());
        s.version = last.getVersion();
        try {
            final TagCounter saved = TagCountsSidecar.read(last.getArtifactUri());
            if (saved != null) {
                s.counter = saved;
            } else {
                LOG.warn("No tag counts next to {}; the vocabulary is re-ranked from the windows trained from now on.", last.getArtifactUri());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the tag counts of v" + last.getVersion() + " at "
                    + TagCountsSidecar.pathFor(last.getArtifactUri()) + ": " + e.getMessage(), e);
        }
        LOG.info("Resuming model {} from v{} ({} tags)", modelName, s.version, s.vocabulary.size());
        return s;
    }

    private static ModelArtifact load(final ModelStore store, final String modelName, final ModelUpdated version) {
        try {
            return store.load(version.getArtifactUri(), version.getSha256());
        } catch (ModelRejectedException e) {
            throw new IllegalStateException("Cannot resume training of model " + modelName + " from v" + version.getVersion()
                    + ": " + e.getMessage() + " Restore that artifact, or start a new lineage with another model.name.", e);
        }
    }

    /** The network being trained; null before the first window of a new lineage. */
    ComputationGraph network() {
        return net;
    }

    /** The vocabulary of {@link #network()}'s outputs; null before the first window. */
    TagVocabulary vocabulary() {
        return vocabulary;
    }

    /** Replaces the network being trained (after a vocabulary change), closing the old one if it is another. */
    void retrain(final ComputationGraph network, final TagVocabulary tags) {
        if (net != null && net != network) {
            net.close();
        }
        net = network;
        vocabulary = tags;
    }

    TagCounter counter() {
        return counter;
    }

    /** The last published version, 0 before the first. */
    long version() {
        return version;
    }

    long nextVersion() {
        return version + 1;
    }

    /** The parent of the next version: null for a lineage's first. */
    Long parentOfNext() {
        return version == 0 ? null : version;
    }

    /** The last promoted network, or null when no version was promoted yet. */
    ComputationGraph promotedNetwork() {
        return promotedNet;
    }

    TagVocabulary promotedVocabulary() {
        return promotedVocabulary;
    }

    long promotedVersion() {
        return promotedVersion;
    }

    /** The network being trained was published as {@code published}; a promoted one becomes the new reference. */
    void published(final long published, final boolean promoted) {
        version = published;
        if (promoted) {
            if (promotedNet != null) {
                promotedNet.close();
            }
            promotedNet = net.clone();
            promotedVocabulary = vocabulary;
            promotedVersion = published;
        }
    }

    @Override
    public void close() {
        if (net != null) {
            net.close();
        }
        if (promotedNet != null) {
            promotedNet.close();
        }
    }
}
