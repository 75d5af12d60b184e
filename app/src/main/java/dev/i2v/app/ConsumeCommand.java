package dev.i2v.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v consume}: tag vectors as JSON lines, for people and for pipes (jq). */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print tag vectors from the tag-vectors topic as JSON lines: image id, model version, tags above threshold.",
                "Reads every partition from the beginning without a consumer group (nothing is committed) unless --group is given."})
public final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--group", description = "Consume as this consumer group, committing as it goes (default: no group, read everything).")
    String group;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many vectors (0 = no limit).")
    long max;

    @Option(names = "--follow", description = "Keep waiting for new vectors (default: stop when nothing arrives for --idle-ms).")
    boolean follow;

    @Option(names = "--idle-ms", defaultValue = "5000", description = "Without --follow, stop after this long without a record (default ${DEFAULT-VALUE}).")
    long idleMs;

    @Option(names = "--top", defaultValue = "10", description = "Tags per line (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--scores", description = {"Also print every score as {tag: score}, in vocabulary order (names from the model-updates",
            "topic; null when no version there has the vector's vocabulary)."})
    boolean scores;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() {
        final Settings settings = service.settings(Map.of(), Map.of());
        final KafkaClients clients = new KafkaClients(settings);
        final String topic = settings.topics().tagVectors();
        final ScoreNames names = scores ? new ScoreNames(clients, settings.topics().modelUpdates()) : null;
        final PrintStream out = System.out;
        long printed = 0;
        long bad = 0;
        try (KafkaConsumer<String, TagVector> consumer = new KafkaConsumer<>(clients.consumer(group), new StringDeserializer(),
                I2vSerdes.tagVector().deserializer())) {
            if (group == null) {
                final List<TopicPartition> partitions = new ArrayList<>();
                for (final PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            } else {
                consumer.subscribe(List.of(topic));
            }
            long lastRecord = System.currentTimeMillis();
            while (max == 0 || printed < max) {
                try {
                    boolean any = false;
                    for (final ConsumerRecord<String, TagVector> r : consumer.poll(Duration.ofMillis(500))) {
                        out.println(line(r.value(), names));
                        any = true;
                        if (++printed == max) {
                            break;
                        }
                    }
                    if (any) {
                        lastRecord = System.currentTimeMillis();
                        if (group != null) {
                            consumer.commitSync();
                        }
                    } else if (!follow && System.currentTimeMillis() - lastRecord > idleMs) {
                        break;
                    }
                } catch (RecordDeserializationException e) {
                    bad++;
                    System.err.printf("skipping %s-%d offset %d: not a TagVector (%s)%n", e.topicPartition().topic(),
                            e.topicPartition().partition(), e.offset(), e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        System.err.printf("%d tag vectors from %s%s%n", printed, topic, bad > 0 ? ", " + bad + " unreadable records skipped" : "");
        return 0;
    }

    /** @param names null without --scores */
    String line(final TagVector v, final ScoreNames names) {
        final ObjectNode o = json.createObjectNode();
        o.put("imageId", v.getImageId());
        o.put("model", v.getModelName());
        o.put("version", v.getModelVersion());
        final ObjectNode tags = o.putObject("tags");
        for (final ScoredTag t : v.getTags().subList(0, Math.min(top, v.getTags().size()))) {
            tags.put(t.getName(), rounded(t.getScore()));
        }
        o.put("inferenceMillis", v.getInferenceMillis());
        if (names != null) {
            final TagVocabulary vocabulary = names.of(v);
            if (vocabulary == null) {
                o.putNull("scores");
            } else {
                final ObjectNode all = o.putObject("scores");
                for (int i = 0; i < vocabulary.size(); i++) {
                    all.put(vocabulary.tags().get(i), rounded(v.getScores().get(i)));
                }
            }
        }
        return o.toString();
    }

    private static double rounded(final float score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
