package dev.i2v.tagger;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagger's Kafka Streams topology and configuration, kept apart from the running service so
 * that tests drive the same topology with {@code TopologyTestDriver}.
 *
 * <pre>
 *   images (bytes) --> BatchingTagger [pending-images store, changelogged] --> tag-vectors (TagVector)
 *                                                                        \--> images.dlq (original bytes + why)
 * </pre>
 */
public final class TaggerTopology {

    static final String SOURCE = "images";
    static final String PROCESSOR = "batching-tagger";
    static final String PENDING_STORE = "pending-images";
    static final String TAG_VECTORS_SINK = "tag-vectors";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private TaggerTopology() {
    }

    /** Values are read as raw bytes so that a record which is not an ImageEvent reaches the dead-letter topic intact. */
    public static Topology build(final Topics topics, final TaggerConfig config, final ModelSwapper models, final TaggerStats stats) {
        final Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.images());
        topology.addProcessor(PROCESSOR, () -> new BatchingTagger(config, models, stats), SOURCE);
        // persistent: a backlog that waits for the first model may be larger than the heap
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.Bytes(), PendingImage.SERDE)
                .withLoggingEnabled(Map.of()).withCachingDisabled(), PROCESSOR);
        topology.addSink(TAG_VECTORS_SINK, topics.tagVectors(), new StringSerializer(), I2vSerdes.tagVector().serializer(), PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, topics.imagesDeadLetters(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    /** Streams settings: the Kafka connection and security from {@link KafkaClients}, the rest from tagger.* settings. */
    public static Properties streamsConfig(final Settings settings) {
        final Properties p = new KafkaClients(settings).common();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.get("tagger.application.id"));
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.get("tagger.state.dir"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.get("tagger.processing.guarantee"));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.get("tagger.threads"));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.get("topic.replication.factor"));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.get("tagger.commit.interval.ms"));
        // images can be megabytes: let them through the consumer, the changelog and the dead-letter producer
        final String big = String.valueOf(Topics.MAX_CLIENT_RECORD_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), big);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), big);
        p.put(StreamsConfig.topicPrefix("max.message.bytes"), big);
        // a batch is small, but its forward pass on a busy CPU can take seconds: give poll loops and
        // transactions room (Streams' own exactly-once default of 10 s fences a tagger that works through a backlog)
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), settings.get("tagger.max.poll.records"));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), settings.get("tagger.transaction.timeout.ms"));
        return p;
    }
}
