package dev.i2v.web;

import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import java.time.Instant;
import java.util.List;

/** A tag vector as the server keeps it: primitive arrays instead of Avro's boxed lists, a fifth of the memory. */
record IndexedVector(String imageId, String modelName, long modelVersion, String vocabularyId, float[] scores, List<ScoredTag> tags,
                     float[] embedding, Instant taggedAt, float inferenceMillis) {

    static IndexedVector of(final TagVector v) {
        return new IndexedVector(v.getImageId(), v.getModelName(), v.getModelVersion(), v.getVocabularyId(), floats(v.getScores()),
                List.copyOf(v.getTags()), v.getEmbedding() == null ? null : floats(v.getEmbedding()), v.getTaggedAt(), v.getInferenceMillis());
    }

    private static float[] floats(final List<Float> values) {
        final float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
