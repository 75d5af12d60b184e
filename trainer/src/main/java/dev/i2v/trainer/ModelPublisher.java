package dev.i2v.trainer;

import dev.i2v.model.artifact.AnnouncementFile;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes versions of one model, as its only trainer: in one Kafka transaction per version, moves
 * the trainer's offsets past the window, writes the artifact and its tag counts to the model
 * store, and announces the version on the model-updates topic.
 *
 * <p>The transactional id is the model's ({@link #transactionalId}): a trainer that starts for the
 * same model fences this one, whose next publish then fails and stops it, so two trainers never
 * publish the same version number.
 */
final class ModelPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final ModelStore store;
    private final String topic;
    private final String modelName;
    private final String transactionalId;
    private final KafkaProducer<String, ModelUpdated> producer;
    private final ModelSigner signer;

    private ModelPublisher(final ModelStore store, final String topic, final String modelName, final String transactionalId,
                           final KafkaProducer<String, ModelUpdated> producer, final ModelSigner signer) {
        this.signer = signer;
        this.store = store;
        this.topic = topic;
        this.modelName = modelName;
        this.transactionalId = transactionalId;
        this.producer = producer;
    }

    /** One id per deployment (topic prefix) and model name. */
    static String transactionalId(final String topicPrefix, final String modelName) {
        return "i2v-trainer." + topicPrefix + modelName;
    }

    /**
     * Becomes the one publisher of {@code modelName}: fences any earlier trainer of it and aborts
     * the transaction it left open. Read the model history after this, not before.
     */
    static ModelPublisher claim(final KafkaClients clients, final ModelStore store, final String topic, final String topicPrefix,
                                final String modelName, final ModelSigner signer) {
        final String id = transactionalId(topicPrefix, modelName);
        final Properties props = clients.producer(id);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        final KafkaProducer<String, ModelUpdated> producer = new KafkaProducer<>(props, new StringSerializer(),
                I2vSerdes.modelUpdated().serializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
        LOG.info("This trainer now publishes model {} (transactional id {})", modelName, id);
        return new ModelPublisher(store, topic, modelName, id, producer, signer);
    }

    /**
     * Removes the artifact of {@code version} (not announced yet, as the history ends before it) that
     * an earlier trainer wrote before it stopped or was fenced: no reader knows it, and this trainer
     * is about to write that version.
     */
    void removeUnannounced(final long version) {
        try {
            final Path file = store.fileOf(modelName, version);
            if (Files.exists(file)) {
                LOG.warn("Removing {}: an earlier trainer wrote it but never announced it", file);
                deleteArtifact(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot remove the unannounced artifact of " + modelName + " v" + version + " from "
                    + store.base() + ": " + e.getMessage(), e);
        }
    }

    /**
     * In one transaction: commits {@code offsets} for {@code group}, writes the artifact and the tag
     * counts, and announces the version. When it fails, the files it wrote are removed again and an
     * {@link IllegalStateException} says why.
     *
     * @param ranges the window's offsets per partition (start inclusive, end exclusive)
     * @return where the artifact was written
     */
    StoredModel publish(final ModelArtifact artifact, final TagCounter counter, final List<OffsetRange> ranges, final int imagesTrained,
                        final int imagesSkipped, final PromotionPolicy.Decision promotion,
                        final Map<TopicPartition, OffsetAndMetadata> offsets, final ConsumerGroupMetadata group) {
        final long version = artifact.info().version();
        StoredModel stored = null;
        try {
            producer.beginTransaction();
            // the offsets first: a trainer fenced by a newer one learns it here, before it writes any file
            producer.sendOffsetsToTransaction(offsets, group);
            stored = store.save(artifact);
            TagCountsSidecar.write(stored.uri(), counter);
            final ModelUpdated announced = ModelUpdated.newBuilder(ModelUpdates.announce(artifact.info(), stored, ranges, imagesTrained,
                    imagesSkipped, promotion.promoted())).setPromotionReason(promotion.reason()).build();
            final ModelUpdated signed = signer.sign(announced);
            AnnouncementFile.write(signed); // the store then says which versions exist without Kafka (i2v tag-files)
            producer.send(new ProducerRecord<>(topic, modelName, signed)).get();
            producer.commitTransaction();
            return stored;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            discard(stored);
            throw fenced(version, e);
        } catch (ExecutionException e) {
            discard(stored);
            if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException) {
                throw fenced(version, e.getCause());
            }
            abort();
            throw new IllegalStateException("Cannot publish " + modelName + " v" + version + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            discard(stored);
            abort();
            throw new IllegalStateException("Cannot write model " + modelName + " v" + version + " to " + store.base() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(stored);
            abort();
            throw new IllegalStateException("Interrupted while publishing " + modelName + " v" + version, e);
        } catch (KafkaException e) {
            discard(stored);
            abort();
            throw new IllegalStateException("Cannot publish " + modelName + " v" + version + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    private IllegalStateException fenced(final long version, final Throwable cause) {
        return new IllegalStateException("Another trainer of model " + modelName + " started (transactional id " + transactionalId
                + ") and took over: this one stops without publishing v" + version + "; the other carries on from the last published version."
                + " Run one trainer per model.name.", cause);
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("Could not abort the transaction of {}: {}", modelName, e.toString());
        }
    }

    /** A version that was not announced leaves no files behind. */
    private void discard(final StoredModel stored) {
        if (stored == null) {
            return;
        }
        try {
            deleteArtifact(Path.of(URI.create(stored.uri())));
        } catch (IOException e) {
            LOG.warn("Could not remove the unpublished artifact {}: {}", stored.uri(), e.toString());
        }
    }

    private static void deleteArtifact(final Path file) throws IOException {
        Files.deleteIfExists(TagCountsSidecar.pathFor(file.toUri().toString()));
        Files.deleteIfExists(AnnouncementFile.pathFor(file.toUri().toString()));
        Files.deleteIfExists(file);
    }

    @Override
    public void close() {
        producer.close();
    }
}
