package dev.i2v.crawler;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes image events to the images topic with an idempotent producer (acks=all), keyed by the
 * event id, so a re-crawl of the same post or file lands on the same key and partition.
 */
public final class ImagePublisher implements AutoCloseable {

    private final KafkaProducer<String, ImageEvent> producer;
    private final String topic;

    public ImagePublisher(final KafkaClients clients, final Topics topics) {
        this.producer = new KafkaProducer<>(clients.producer("i2v-crawler"), new StringSerializer(),
                I2vSerdes.imageEvent().serializer());
        this.topic = topics.images();
    }

    /** Sends asynchronously; the future fails if the broker refuses the record after the producer's retries. */
    public Future<RecordMetadata> publish(final ImageEvent event) {
        return producer.send(new ProducerRecord<>(topic, event.getId(), event));
    }

    /** Blocks until every record sent so far is acknowledged (or has failed). */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
