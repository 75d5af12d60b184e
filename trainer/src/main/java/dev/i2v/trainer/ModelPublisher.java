package dev.i2v.trainer;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes a version: writes its artifact and tag counts to the model store, then announces it on the model-updates topic. */
final class ModelPublisher {

    private final ModelStore store;
    private final KafkaProducer<String, ModelUpdated> producer;
    private final String topic;

    ModelPublisher(final ModelStore store, final KafkaProducer<String, ModelUpdated> producer, final String topic) {
        this.store = store;
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * @param ranges the window's offsets per partition (start inclusive, end exclusive)
     * @return where the artifact was written
     */
    StoredModel publish(final ModelArtifact artifact, final TagCounter counter, final List<OffsetRange> ranges, final int imagesTrained,
                        final int imagesSkipped, final int holdoutImages, final boolean promoted) {
        final String name = artifact.info().modelName();
        final long version = artifact.info().version();
        final StoredModel stored;
        try {
            stored = store.save(artifact);
            TagCountsSidecar.write(stored.uri(), counter);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write model " + name + " v" + version + " to " + store.base() + ": " + e.getMessage(), e);
        }
        final ModelUpdated event = ModelUpdates.announce(artifact.info(), stored, ranges, imagesTrained, imagesSkipped, holdoutImages,
                promoted);
        try {
            producer.send(new ProducerRecord<>(topic, name, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + name + " v" + version, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + name + " v" + version + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        return stored;
    }
}
