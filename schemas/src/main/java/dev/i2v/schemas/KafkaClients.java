package dev.i2v.schemas;

import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one Kafka properties builder: bootstrap servers and every {@code kafka.*} setting
 * (security, SASL, TLS, ...) passed through, plus the settings each client kind needs.
 */
public final class KafkaClients {

    private final Settings settings;

    public KafkaClients(final Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.get("kafka.bootstrap.servers");
    }

    /** Connection and security settings common to every client. */
    public Properties common() {
        final Properties p = new Properties();
        p.putAll(settings.withPrefix("kafka."));
        return p;
    }

    public Properties admin() {
        final Properties p = common();
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return p;
    }

    /** Idempotent, acks=all, large enough for inline images. Keys and values are byte arrays or set by the caller. */
    public Properties producer(final String clientId) {
        final Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_CLIENT_RECORD_BYTES));
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        // one request in flight: a batch refused while a partition's leadership settles (just after topic
        // creation, or a broker restart) is retried before any later batch, so retries never arrive out of
        // sequence; large batches keep the throughput (images are kilobytes each)
        p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024));
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /** Manual commits, read-committed (the tagger writes transactionally), earliest when no offset is stored. */
    public Properties consumer(final String groupId) {
        final Properties p = common();
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.MAX_CLIENT_RECORD_BYTES));
        return p;
    }
}
