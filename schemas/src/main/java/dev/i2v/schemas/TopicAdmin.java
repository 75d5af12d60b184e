package dev.i2v.schemas;

import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalogue's topics if they are missing; safe to call from every service on start. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    public static void ensureTopics(final KafkaClients clients, final List<Topics.Spec> specs) {
        try (Admin admin = Admin.create(clients.admin())) {
            ensureTopics(admin, specs);
        }
    }

    /**
     * Waits until every partition of new topics has a leader: a producer that writes in the first
     * moments after creation otherwise meets NOT_LEADER_OR_FOLLOWER answers.
     */
    private static void awaitLeaders(final Admin admin, final List<String> names) throws InterruptedException, ExecutionException,
            TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            final Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    Thread.sleep(100); // created, but not yet known to the broker that answered
                    continue;
                }
                throw e;
            }
            if (described.values().stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                return;
            }
            Thread.sleep(100);
        }
    }

    public static void ensureTopics(final Admin admin, final List<Topics.Spec> specs) {
        try {
            final Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            final List<NewTopic> missing = new ArrayList<>();
            for (final Topics.Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (final var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + specs.stream().map(Topics.Spec::name).toList()
                    + ": " + e.getMessage() + ". Is Kafka reachable (kafka.bootstrap.servers) and may this client create topics?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
