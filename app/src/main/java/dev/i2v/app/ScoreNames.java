package dev.i2v.app;

import dev.i2v.model.artifact.ModelHistory;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tag names of a tag vector's scores: the vocabulary of the model version it names, from the
 * model-updates topic, used only when its sha256 is the vector's {@code vocabularyId}.
 */
final class ScoreNames {

    private final KafkaClients clients;
    private final String modelUpdatesTopic;
    private final Map<String, TagVocabulary> byVersion = new HashMap<>();
    private final Set<String> looked = new HashSet<>();

    ScoreNames(final KafkaClients clients, final String modelUpdatesTopic) {
        this.clients = clients;
        this.modelUpdatesTopic = modelUpdatesTopic;
    }

    /** The vector's vocabulary, or null when no version on the topic has it (then the scores cannot be named). */
    TagVocabulary of(final TagVector v) {
        final String key = v.getModelName() + " v" + v.getModelVersion();
        if (!byVersion.containsKey(key) && looked.add(key)) {
            // a version published since the last read: read the history again, once per version it lacked
            read();
        }
        final TagVocabulary vocabulary = byVersion.get(key);
        return vocabulary != null && vocabulary.id().equals(v.getVocabularyId()) && vocabulary.size() == v.getScores().size()
                ? vocabulary : null;
    }

    private void read() {
        final List<ModelUpdated> versions = ModelHistory.read(clients, modelUpdatesTopic, null).versions();
        for (final ModelUpdated u : versions) {
            try {
                byVersion.put(u.getModelName() + " v" + u.getVersion(), TagVocabulary.of(u.getVocabulary()));
            } catch (IllegalArgumentException e) {
                // a vocabulary naming a tag twice names no score; that version's vectors print without names
            }
        }
    }
}
