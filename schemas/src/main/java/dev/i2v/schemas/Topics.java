package dev.i2v.schemas;

import java.util.List;
import java.util.Map;

/**
 * The topic catalogue: names (under a configurable prefix), partitions, replication and configs.
 * Services create what they use on start through {@link TopicAdmin}.
 */
public record Topics(String prefix, int imagePartitions, int tagVectorPartitions, short replicationFactor) {

    /** Largest record the images topic accepts: inline images stay below this (bigger ones travel by URI). */
    public static final int MAX_IMAGE_MESSAGE_BYTES = 8 * 1024 * 1024;

    /** What clients let through per record: the largest image record plus room for its key, headers and batch overhead. */
    public static final int MAX_CLIENT_RECORD_BYTES = MAX_IMAGE_MESSAGE_BYTES + 64 * 1024;

    /** A topic's name, partition count, replication factor and topic-level configs. */
    public record Spec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    }

    public static Topics defaults() {
        return new Topics("i2v.", 6, 6, (short) 1);
    }

    public String images() {
        return prefix + "images";
    }

    public String tagVectors() {
        return prefix + "tag-vectors";
    }

    public String modelUpdates() {
        return prefix + "model-updates";
    }

    public String imagesDeadLetters() {
        return prefix + "images.dlq";
    }

    public Spec imagesSpec() {
        return new Spec(images(), imagePartitions, replicationFactor,
                Map.of("max.message.bytes", String.valueOf(MAX_IMAGE_MESSAGE_BYTES)));
    }

    public Spec tagVectorsSpec() {
        return new Spec(tagVectors(), tagVectorPartitions, replicationFactor, Map.of());
    }

    /** One partition, compacted per model name is not used: every version stays readable for lineage. */
    public Spec modelUpdatesSpec() {
        return new Spec(modelUpdates(), 1, replicationFactor, Map.of("retention.ms", "-1"));
    }

    public Spec imagesDeadLettersSpec() {
        return new Spec(imagesDeadLetters(), 1, replicationFactor,
                Map.of("max.message.bytes", String.valueOf(MAX_IMAGE_MESSAGE_BYTES)));
    }

    public List<Spec> all() {
        return List.of(imagesSpec(), tagVectorsSpec(), modelUpdatesSpec(), imagesDeadLettersSpec());
    }
}
