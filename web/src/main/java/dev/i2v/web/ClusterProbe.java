package dev.i2v.web;

import dev.i2v.schemas.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Asks the broker what the server cannot read from its topics: whether a tagger is running (members
 * in the tagger's consumer group) and how many records the images topic holds (its end offsets).
 * One thread asks every second and requests read its latest answers, so a page polling the live view
 * never waits on a broker that is down.
 */
final class ClusterProbe implements AutoCloseable {

    /** What the broker said about the tagger group; {@code problem} is set when it could not be asked. */
    record Taggers(int members, String problem) {
    }

    private final Admin admin;
    private final long askMillis;
    private final String taggerGroup;
    private final String imagesTopic;
    private final ScheduledExecutorService asker;
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private volatile Taggers taggers = new Taggers(0, "the broker has not answered yet");
    private volatile long imagesWritten = -1;

    ClusterProbe(final KafkaClients clients, final String taggerGroup, final String imagesTopic) {
        final var props = clients.admin();
        // a broker that does not answer within this is reported as such (kafka.default.api.timeout.ms overrides)
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, props.getProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        this.askMillis = Long.parseLong(props.getProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        this.admin = Admin.create(props);
        this.taggerGroup = taggerGroup;
        this.imagesTopic = imagesTopic;
        this.asker = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "serve-cluster-probe");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        asker.scheduleWithFixedDelay(() -> {
            taggers = askTaggers();
            imagesWritten = askImagesWritten();
            firstAnswer.countDown();
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** The latest answer about the tagger group; waits for the first one after start. */
    Taggers taggers() {
        try {
            firstAnswer.await(2 * askMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taggers;
    }

    /** Records ever written to the images topic (sum of its end offsets), or -1 when the broker does not answer. */
    long imagesWritten() {
        return imagesWritten;
    }

    String taggerGroup() {
        return taggerGroup;
    }

    private Taggers askTaggers() {
        try {
            final ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(taggerGroup)).all()
                    .get(askMillis, TimeUnit.MILLISECONDS).get(taggerGroup);
            return new Taggers(d == null ? 0 : d.members().size(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Taggers(0, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new Taggers(0, null); // no tagger of this application id ever ran, or the group expired
            }
            return new Taggers(0, "the broker did not answer (" + rootMessage(e) + ")");
        } catch (Exception e) {
            return new Taggers(0, "the broker did not answer (" + rootMessage(e) + ")");
        }
    }

    private long askImagesWritten() {
        try {
            final TopicDescription t = admin.describeTopics(List.of(imagesTopic)).allTopicNames()
                    .get(askMillis, TimeUnit.MILLISECONDS).get(imagesTopic);
            final Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            t.partitions().forEach(p -> ask.put(new TopicPartition(imagesTopic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(ask).all().get(askMillis, TimeUnit.MILLISECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        asker.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
