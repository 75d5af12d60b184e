package dev.i2v.model.artifact;

import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one reader of the model-updates topic: its single partition, no consumer group (every reader
 * sees every version, nothing is committed), committed transactions only. A record that is not a
 * {@code ModelUpdated} event goes to the caller, which decides whether that is fatal.
 */
public final class ModelUpdatesReader implements AutoCloseable {

    /** What a reader does with a record that does not decode. */
    @FunctionalInterface
    public interface Undecodable {
        void accept(ConsumerRecord<String, byte[]> record, RuntimeException why);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final AvroSerde<ModelUpdated> serde = I2vSerdes.modelUpdated();

    /** @param clientId names the reader in broker logs and metrics; null lets Kafka pick one */
    public ModelUpdatesReader(final KafkaClients clients, final String topic, final String clientId) {
        final Properties props = clients.consumer(null);
        if (clientId != null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
    }

    public String topic() {
        return partition.topic();
    }

    public void fromBeginning() {
        consumer.seekToBeginning(List.of(partition));
    }

    /** Only versions published from now on. */
    public void fromEnd() {
        consumer.seekToEnd(List.of(partition));
    }

    /** The offset of the next record to read. */
    public long position() {
        return consumer.position(partition);
    }

    /** The events that arrive within {@code timeout}, in topic order; a record that does not decode goes to {@code undecodable}. */
    public List<ModelUpdated> poll(final Duration timeout, final Undecodable undecodable) {
        final List<ModelUpdated> out = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                final ModelUpdated event = serde.decode(r.topic(), r.value());
                if (event == null) {
                    throw new SerializationException("empty value");
                }
                out.add(event);
            } catch (RuntimeException e) {
                // Avro's length limits and any other decoding fault: one record that is not a ModelUpdated event
                undecodable.accept(r, e);
            }
        }
        return out;
    }

    /** Makes a poll blocked on another thread throw {@code WakeupException}. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
