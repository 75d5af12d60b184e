package dev.i2v.app;

import dev.i2v.crawler.ImagePublisher;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImageEventReader;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.tagger.TaggerService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code i2v bench tagger}: tag-vector throughput of one tagger instance through a real (embedded)
 * Kafka broker, against the same model's batched inference in one process, side by side in one run.
 */
@Command(name = "tagger", mixinStandardHelpOptions = true,
        description = {"Tagger throughput: images/s through Kafka (embedded broker, exactly-once) against raw batched inference",
                "of the same model in one process (decode + preprocess + forward). Writes bench/results/tagger.md."})
public final class TaggerBenchCommand implements Callable<Integer> {

    @Option(names = "--images", defaultValue = "512", description = "Images per repetition (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--repetitions", defaultValue = "3", description = "Repetitions; medians are reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch size for both paths (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--input-size", defaultValue = "64", description = "Tiny backbone input side in pixels (default ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--out", defaultValue = "bench/results/tagger.md", description = "Results file (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final Path work = Files.createTempDirectory("i2v-bench-tagger");
        final List<String> vocabulary = SyntheticIllustrations.vocabulary();
        final ModelArtifact model = untrainedTinyModel(vocabulary);
        final StoredModel stored = new ModelStore(work.resolve("models").toString(), work.resolve("cache")).save(model);
        final List<ImageEvent> events = new ArrayList<>();
        final SyntheticIllustrations source = new SyntheticIllustrations(7, 128, 0);
        for (int i = 0; i < images; i++) {
            events.add(source.next());
        }
        final double[] raw = new double[repetitions];
        final double[] rawForward = new double[repetitions];
        final double[] kafkaTotal = new double[repetitions];
        final double[] kafkaSteady = new double[repetitions];
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), freePort(), freePort())) {
            for (int r = 0; r < repetitions; r++) {
                final double[] inProcess = rawInference(model, events);
                raw[r] = inProcess[0];
                rawForward[r] = inProcess[1];
                final double[] viaKafka = throughKafka(kafka.bootstrapServers(), work, r, stored, model, events);
                kafkaTotal[r] = viaKafka[0];
                kafkaSteady[r] = viaKafka[1];
                System.err.printf(Locale.ROOT, "repetition %d: in-process %.1f img/s (forward only %.1f) | through Kafka %.1f img/s (steady %.1f)%n",
                        r + 1, raw[r], rawForward[r], kafkaTotal[r], kafkaSteady[r]);
            }
        }
        final String report = report(median(raw), median(rawForward), median(kafkaTotal), median(kafkaSteady));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.err.println("Written to " + out.toAbsolutePath());
        return 0;
    }

    private ModelArtifact untrainedTinyModel(final List<String> vocabulary) {
        final float[] thresholds = new float[vocabulary.size()];
        Arrays.fill(thresholds, 0.5f);
        final ModelInfo info = new ModelInfo("bench", 1, null, Backbone.TINY, inputSize, Backbone.TINY.normalisation(),
                OutputMode.MULTI_LABEL, vocabulary, thresholds, VersionMetrics.UNMEASURED, System.currentTimeMillis());
        return new ModelArtifact(NetworkFactory.build(NetworkSpec.tiny(inputSize, vocabulary.size(), 1)), info);
    }

    /** {images/s including decode and preprocessing, images/s of the forward passes alone}. */
    private double[] rawInference(final ModelArtifact model, final List<ImageEvent> events) throws Exception {
        final ImageEventReader reader = new ImageEventReader(ImageLimits.DEFAULT, ClaimCheckPolicy.INLINE_ONLY);
        try (TagPredictor predictor = new TagPredictor(model).copy()) {
            long forwardNanos = 0;
            final long start = System.nanoTime();
            for (int from = 0; from < events.size(); from += batchSize) {
                final List<byte[]> pixels = new ArrayList<>();
                for (final ImageEvent e : events.subList(from, Math.min(events.size(), from + batchSize))) {
                    pixels.add(predictor.preprocessor().pixels(reader.image(e)));
                }
                final long f = System.nanoTime();
                predictor.predict(pixels);
                forwardNanos += System.nanoTime() - f;
            }
            final double secs = (System.nanoTime() - start) / 1e9;
            return new double[] {events.size() / secs, events.size() / (forwardNanos / 1e9)};
        }
    }

    /** {images/s from the tagger's start to the last vector, images/s from the first vector to the last}. */
    private double[] throughKafka(final String bootstrap, final Path work, final int rep, final StoredModel stored,
                                  final ModelArtifact model, final List<ImageEvent> events) throws Exception {
        final Settings settings = Settings.of(Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", bootstrap),
                Map.entry("topic.prefix", "bench" + rep + "."),
                Map.entry("topic.images.partitions", "1"),
                Map.entry("topic.tag-vectors.partitions", "1"),
                Map.entry("model.name", "bench"),
                Map.entry("tagger.application.id", "bench-tagger-" + rep),
                Map.entry("tagger.state.dir", work.resolve("state" + rep).toString()),
                Map.entry("tagger.model.cache.dir", work.resolve("cache").toString()),
                Map.entry("tagger.batch.size", Integer.toString(batchSize)),
                Map.entry("tagger.embedding", "true"),
                // the tagger loads only artifacts inside its model store: the one this bench saved to
                Map.entry("model.store", work.resolve("models").toString())));
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        try (ImagePublisher publisher = new ImagePublisher(clients, topics);
             KafkaProducer<String, ModelUpdated> updates = new KafkaProducer<>(clients.producer("bench"), new StringSerializer(),
                     I2vSerdes.modelUpdated().serializer())) {
            for (final ImageEvent e : events) {
                publisher.publish(e);
            }
            publisher.flush();
            // the bench has no trainer: it announces the untrained model itself
            updates.send(new ProducerRecord<>(topics.modelUpdates(), "bench", ModelUpdates.announce(model.info(), stored, List.of(), 0, 0,
                    true))).get();
        }
        try (KafkaConsumer<String, TagVector> consumer = new KafkaConsumer<>(clients.consumer("bench-reader-" + rep),
                new StringDeserializer(), I2vSerdes.tagVector().deserializer());
             TaggerService tagger = new TaggerService(settings);
             ProgressBar bar = new ProgressBar("through Kafka", events.size(), "images")) {
            consumer.subscribe(List.of(topics.tagVectors()));
            final long start = System.nanoTime();
            tagger.start();
            long first = 0;
            int seen = 0;
            final long deadline = start + Duration.ofMinutes(10).toNanos();
            while (seen < events.size() && System.nanoTime() < deadline) {
                final int n = consumer.poll(Duration.ofMillis(100)).count();
                if (n > 0 && first == 0) {
                    first = System.nanoTime();
                }
                seen += n;
                bar.step(n);
            }
            final long end = System.nanoTime();
            if (seen < events.size()) {
                throw new IllegalStateException("only " + seen + " of " + events.size() + " tag vectors arrived in 10 minutes");
            }
            return new double[] {seen / ((end - start) / 1e9), (seen - 1) / Math.max(1e-9, (end - first) / 1e9)};
        }
    }

    private String report(final double raw, final double rawForward, final double kafkaTotal, final double kafkaSteady) {
        return String.format(Locale.ROOT, """
                # Tagger throughput

                Written by `./i2v bench tagger --images %d --repetitions %d --batch-size %d --input-size %d` on %s
                (%d cores, Java %s). Medians of %d repetitions, both paths measured side by side in one run.
                Model: tiny backbone, %d-px input, %d tags, untrained weights (speed does not depend on them).
                Images: synthetic 128-px PNGs, inline in the events.

                | path | images/s (median) | ratio to in-process |
                | --- | ---: | ---: |
                | in-process batched inference: decode + preprocess + forward | %.1f | 1.00 |
                | in-process forward passes only | %.1f | %.2f |
                | through Kafka, one tagger instance, exactly-once: tagger start to last vector | %.1f | %.2f |
                | through Kafka, one tagger instance, exactly-once: first to last vector (steady state) | %.1f | %.2f |

                The Kafka path adds Avro decoding, the changelogged buffer store (each image is written to the
                store and its changelog, then deleted), transactions every commit interval and the output topic.
                """, images, repetitions, batchSize, inputSize, Instant.now().toString().substring(0, 10),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), repetitions, inputSize,
                SyntheticIllustrations.vocabulary().size(), raw, rawForward, rawForward / raw, kafkaTotal, kafkaTotal / raw,
                kafkaSteady, kafkaSteady / raw);
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
