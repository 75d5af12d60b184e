package dev.i2v.trainer;

import dev.i2v.crawler.ImagePublisher;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelHistory;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the trainer's integration tests share: settings on a fresh topic prefix, synthetic images, the published versions. */
final class TrainerFixtures {

    private TrainerFixtures() {
    }

    /** Reports and models under {@code tmp}, on fresh topics of {@code kafka}; {@code overrides} win. */
    static Settings settings(final KafkaBroker kafka, final Path tmp, final Map<String, String> overrides) {
        final Map<String, String> s = new HashMap<>(Map.of(
                "trainer.report.dir", tmp.resolve("reports").toString(),
                "model.store", tmp.resolve("models").toString(),
                // small test windows: judge each version on whatever holdout the window brought
                "trainer.holdout.min", "0"));
        s.putAll(overrides);
        return kafka.freshSettings(s);
    }

    /** {@code count} synthetic 64-px images with their tags. */
    static List<ImageEvent> synthetic(final long seed, final int count) {
        final SyntheticIllustrations source = new SyntheticIllustrations(seed, 64, 0);
        final List<ImageEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(source.next());
        }
        return out;
    }

    static void publish(final Settings settings, final List<ImageEvent> events) {
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        try (ImagePublisher publisher = new ImagePublisher(clients, settings.topics())) {
            for (final ImageEvent e : events) {
                publisher.publish(e);
            }
            publisher.flush();
        }
    }

    /** Every version of {@code model} published so far, oldest first. */
    static List<ModelUpdated> versions(final Settings settings, final String model) {
        return ModelHistory.read(new KafkaClients(settings), settings.topics().modelUpdates(), model).versions();
    }
}
