package dev.i2v.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.avro.ModelMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.ScoredTag;
import java.util.List;
import java.util.Optional;

/** The JSON the API answers: tag vectors (tags with scores and categories) and model versions. */
final class TagVectorJson {

    /**
     * A tag's category is the kind its label names ({@link TagLabels}: {@code character:...}, {@code rating:...});
     * models trained before labels carried kinds have bare names only, all of them general, and the answer says so.
     */
    static final String DEFAULT_CATEGORY = TagLabels.GENERAL;

    private final ObjectMapper json = new ObjectMapper();
    private final ModelVersions versions;

    TagVectorJson(final ModelVersions versions) {
        this.versions = versions;
    }

    ObjectMapper mapper() {
        return json;
    }

    /**
     * @param allScores adds {@code scores}: every vocabulary tag with its score, {tag: score} in vocabulary order
     * @param embedding adds the embedding (the penultimate layer)
     */
    ObjectNode vector(final IndexedVector v, final boolean allScores, final boolean embedding) {
        final ObjectNode o = json.createObjectNode();
        o.put("imageId", v.imageId());
        o.put("modelName", v.modelName());
        o.put("modelVersion", v.modelVersion());
        o.put("vocabularyId", v.vocabularyId());
        o.put("taggedAt", v.taggedAt().toString());
        o.put("inferenceMillis", v.inferenceMillis());
        final boolean kinds = v.tags().stream().anyMatch(t -> !DEFAULT_CATEGORY.equals(TagLabels.kind(t.getName())));
        o.put("categoriesFromModel", kinds);
        if (!kinds) {
            o.put("categoryNote", "This answer has no tag categories: no label names one (character:..., rating:...), so every tag is"
                    + " shown under " + DEFAULT_CATEGORY + "; models trained before tag kinds carry bare names only.");
        }
        final ArrayNode tags = o.putArray("tags");
        for (final ScoredTag t : v.tags()) {
            tags.addObject().put("name", t.getName()).put("score", t.getScore()).put("category", TagLabels.kind(t.getName()));
        }
        if (allScores) {
            final Optional<List<String>> vocabulary = versions.find(v.modelName(), v.modelVersion()).map(ModelUpdated::getVocabulary)
                    .filter(names -> names.size() == v.scores().length);
            if (vocabulary.isPresent()) {
                final ObjectNode scores = o.putObject("scores");
                for (int i = 0; i < v.scores().length; i++) {
                    scores.put(vocabulary.get().get(i), v.scores()[i]);
                }
            } else {
                o.put("scoresNote", "The vocabulary of " + v.modelName() + " v" + v.modelVersion() + " is not known to this server"
                        + " (its model-updated event was not read), so only the tags above threshold are given.");
            }
        }
        if (embedding && v.embedding() != null) {
            final ArrayNode e = o.putArray("embedding");
            for (final float x : v.embedding()) {
                e.add(x);
            }
        }
        return o;
    }

    ObjectNode neighbours(final IndexedVector of, final List<TagVectorIndex.Neighbour> nearest, final int indexed) {
        final ObjectNode o = json.createObjectNode();
        o.put("imageId", of.imageId());
        o.put("modelVersion", of.modelVersion());
        o.put("searched", indexed);
        final ArrayNode list = o.putArray("similar");
        for (final TagVectorIndex.Neighbour n : nearest) {
            final ObjectNode one = list.addObject();
            one.put("imageId", n.vector().imageId());
            one.put("similarity", Math.round(n.similarity() * 10000) / 10000.0);
            final ArrayNode tags = one.putArray("tags");
            n.vector().tags().stream().limit(8).forEach(t -> tags.addObject().put("name", t.getName()).put("score", t.getScore()));
        }
        return o;
    }

    ArrayNode versions() {
        final ArrayNode out = json.createArrayNode();
        final Optional<ModelUpdated> serving = versions.newestPromoted();
        for (final ModelUpdated v : versions.all()) {
            final ObjectNode o = out.addObject();
            o.put("modelName", v.getModelName());
            o.put("version", v.getVersion());
            o.put("createdAt", v.getCreatedAt().toString());
            o.put("backbone", v.getBackbone());
            o.put("inputSize", v.getInputSize());
            o.put("tags", v.getVocabulary().size());
            o.put("promoted", v.getPromoted());
            o.put("newestPromoted", serving.isPresent() && serving.get().getVersion() == v.getVersion()
                    && serving.get().getModelName().equals(v.getModelName()));
            o.put("promotionReason", v.getPromotionReason());
            o.put("imagesTrained", v.getWindow().getImagesTrained());
            final ModelMetrics m = v.getMetrics();
            final ObjectNode metrics = o.putObject("metrics");
            metrics.put("holdoutImages", m.getHoldoutImages());
            metrics.put("tagsScored", m.getTagsScored());
            figure(metrics, "holdoutLoss", m.getHoldoutLoss());
            figure(metrics, "meanAveragePrecision", m.getMeanAveragePrecision());
            figure(metrics, "baselineMeanAveragePrecision", m.getBaselineMeanAveragePrecision());
            figure(metrics, "microF1AtEqualPrecisionRecall", m.getMicroF1AtEqualPrecisionRecall());
            figure(metrics, "baselineMicroF1AtEqualPrecisionRecall", m.getBaselineMicroF1AtEqualPrecisionRecall());
        }
        return out;
    }

    /** A metric, or null when it was not measured (NaN in the event: JSON has no NaN). */
    private static void figure(final ObjectNode o, final String name, final Double value) {
        if (value == null || !Double.isFinite(value)) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }
}
