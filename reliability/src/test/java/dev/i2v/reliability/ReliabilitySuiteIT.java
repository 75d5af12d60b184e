package dev.i2v.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.FakeBooru;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reliability suite (reliability/run, not part of mvn verify): each case runs the real i2v
 * commands as separate processes against one real broker process, breaks something (kill -9, a
 * second trainer, a broker restart, failing downloads) and verifies from the committed topics and
 * the model store that nothing was lost or duplicated. Figures go to docs/reliability.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilitySuiteIT {

    private static final Path WORK = I2vProcess.ROOT.resolve("reliability/target/work");
    private static final Set<String> CASES = Set.of(System.getProperty("i2v.reliability.cases", "1,2,3,4,5").split(","));
    private static final ReliabilityReport REPORT = new ReliabilityReport();
    private static BrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        deleteRecursively(WORK);
        System.out.println("[reliability] starting the broker process (i2v kafka) ...");
        broker = BrokerProcess.start(WORK.resolve("kafka"), WORK.resolve("logs"));
        System.out.println("[reliability] broker at " + broker.bootstrapServers() + "; logs in " + WORK.resolve("logs"));
    }

    @AfterAll
    static void writeResults() throws Exception {
        if (broker != null) {
            broker.close();
        }
        // a partial run must not overwrite the committed table of a full one
        REPORT.write(CASES.size() == 5 ? I2vProcess.ROOT.resolve("docs/reliability.md") : WORK.resolve("reliability.md"));
    }

    /** One case's topics (a prefix of its own), folders and client settings. */
    private record Stage(String prefix, Path dir, KafkaClients clients, Topics topics) {

        List<String> kafkaArgs() {
            return List.of("-b", broker.bootstrapServers(), "--topic-prefix", prefix);
        }
    }

    private static Stage stage(final String name) throws Exception {
        final String prefix = name + ".";
        final Settings settings = Settings.of(Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "topic.prefix", prefix));
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        return new Stage(prefix, dir, clients, settings.topics());
    }

    private static I2vProcess i2v(final Stage s, final String name, final List<String> command, final List<String> options) throws Exception {
        final List<String> args = new ArrayList<>(command);
        args.addAll(s.kafkaArgs());
        args.addAll(options);
        return I2vProcess.start(s.prefix() + name, WORK.resolve("logs"), args);
    }

    private static void runToEnd(final I2vProcess p, final Duration limit) throws Exception {
        final Integer code = p.waitFor(limit);
        if (code == null) {
            p.kill9();
            throw new IllegalStateException(p.name() + " did not finish within " + limit + ":\n" + p.tail(20));
        }
        if (code != 0) {
            throw new IllegalStateException(p.name() + " exited with " + code + ":\n" + p.tail(20));
        }
    }

    private static I2vProcess crawlSynthetic(final Stage s, final int count, final int seed) throws Exception {
        return i2v(s, "crawl", List.of("crawl", "synthetic"), List.of("--count", String.valueOf(count), "--seed", String.valueOf(seed),
                "--size", "64", "--state-dir", s.dir().resolve("crawler").toString()));
    }

    /** The tiny CNN at 64 px in small windows; every version promoted, so taggers always swap. */
    private static I2vProcess trainer(final Stage s, final String name, final String model, final int window, final int maxWindows)
            throws Exception {
        return i2v(s, name, List.of("train"), List.of("--window", String.valueOf(window), "--epochs", "1", "--max-windows",
                String.valueOf(maxWindows), "--model-store", s.dir().resolve("models").toString(), "--report-dir",
                s.dir().resolve(name).toString(), "-s", "model.name=" + model, "-s", "trainer.holdout.percent=10",
                // the suite is about processes, not quality: the tiny CNN, each small window judged on the holdout it brought
                "--backbone", "tiny", "-s", "trainer.holdout.min=0", "-s", "trainer.promotion.tolerance=1"));
    }

    private static I2vProcess tagger(final Stage s, final String model, final int instance) throws Exception {
        return i2v(s, "tagger-" + instance, List.of("tag"), List.of("--application-id", "tagger-" + s.prefix() + "x",
                "--model-store", s.dir().resolve("models").toString(), "-s", "model.name=" + model,
                "-s", "tagger.state.dir=" + s.dir().resolve("tagger-state-" + instance),
                "-s", "tagger.model.cache.dir=" + s.dir().resolve("tagger-cache-" + instance)));
    }

    /** Records that are not image events at all: each must leave as one dead letter. */
    private static void publishNonImages(final Stage s, final int count) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(s.clients().producer("not-images"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(s.topics().images(), "not-an-image-" + i,
                        ("this is not an image event " + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** Runs a case and reports it, also when it throws: a broken case is a FAIL row, never a silent gap. */
    private static void runCase(final String number, final String scenario, final CaseBody body) throws Exception {
        Assumptions.assumeTrue(CASES.contains(number), "case " + number + " not selected (-Dcases)");
        System.out.println("[reliability] case " + number + ": " + scenario + " ...");
        final long start = System.nanoTime();
        ReliabilityReport.Row row;
        try {
            row = body.run();
        } catch (Exception | AssertionError e) {
            row = new ReliabilityReport.Row(scenario, false, "-", "-", "-", "-", "-", "-", "broke: " + e.getMessage());
            e.printStackTrace(System.out);
        }
        final ReliabilityReport.Row timed = new ReliabilityReport.Row(number + ". " + row.scenario(), row.passed(), row.images(), row.kills(),
                row.lost(), row.duplicated(), row.deadLetters(), row.recovery(),
                row.details() + String.format(Locale.ROOT, " (case took %.0f s)", (System.nanoTime() - start) / 1e9));
        REPORT.add(timed);
        assertTrue(timed.passed(), timed.details());
    }

    @FunctionalInterface
    private interface CaseBody {
        ReliabilityReport.Row run() throws Exception;
    }

    private static String n(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(final long millis) {
        return millis < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    @Test
    @Order(1)
    void threeTaggersOneKilledThreeTimesDuringAModelSwap() throws Exception {
        runCase("1", "3 taggers, one killed -9 three times while v2 is swapped in", () -> {
            final Stage s = stage("r1");
            final int images = 5000;
            final int notImages = 20;
            runToEnd(crawlSynthetic(s, images, 1), Duration.ofMinutes(5));
            publishNonImages(s, notImages);
            runToEnd(trainer(s, "trainer-v1", "rel1", 300, 1), Duration.ofMinutes(4));
            try (CommittedRecords records = new CommittedRecords(s.clients(), s.topics())) {
                final List<I2vProcess> taggers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    taggers.add(tagger(s, "rel1", i));
                }
                // v2 is trained while the taggers work and swapped in by them without a restart
                final I2vProcess trainer = trainer(s, "trainer-v2", "rel1", 300, 1);
                final long total = images + notImages;
                final List<Long> kills = new ArrayList<>();
                for (int k = 1; k <= 3; k++) {
                    final long threshold = total * k / 5;
                    if (!records.await(r -> r.outputs() >= threshold, Duration.ofMinutes(5))) {
                        throw new IllegalStateException("tagging stalled at " + records.outputs() + " of " + total + ":\n" + taggers.get(0).tail(15));
                    }
                    kills.add(System.currentTimeMillis());
                    taggers.get(0).kill9();
                    System.out.printf(Locale.ROOT, "[reliability]   kill -9 of %s at %,d of %,d outputs; restarted%n", taggers.get(0).name(),
                            records.outputs(), total);
                    taggers.get(0).restart();
                }
                final boolean done = records.await(r -> r.outputs() >= total, Duration.ofMinutes(6));
                Thread.sleep(5000); // a late duplicate would arrive now
                final Integer trainerExit = trainer.waitFor(Duration.ofMinutes(3));
                for (final I2vProcess t : taggers) {
                    t.stop(Duration.ofSeconds(30));
                }
                final Delivery d = Delivery.of(records, s.topics());
                final List<Long> stalls = PartitionStalls.afterKills(records, s.topics(), kills);
                final boolean swapped = d.taggedPerVersion().getOrDefault(1L, 0L) > 0 && d.taggedPerVersion().getOrDefault(2L, 0L) > 0;
                final boolean passed = done && d.exact() && d.images() == total && d.deadLetters() == notImages && swapped
                        && Integer.valueOf(0).equals(trainerExit);
                return new ReliabilityReport.Row("3 tagger processes, one killed -9 three times while v2 is swapped in", passed, n(d.images()),
                        "3", n(d.lost()), n(d.duplicated()), n(d.deadLetters()),
                        "longest partition stall after a kill: " + stalls.stream().map(ReliabilitySuiteIT::seconds).collect(Collectors.joining(", ")),
                        String.format(Locale.ROOT, "%,d synthetic images + %d records that are not images (expected as dead letters); tag vectors "
                                + "by version: %s%s; trainer v2 exit %s%s", images, notImages, d.perVersion(), swapped ? "" : " (NO SWAP)",
                                trainerExit, d.examples().isEmpty() ? "" : "; e.g. " + d.examples()));
            }
        });
    }

    @Test
    @Order(2)
    void trainerKilledMidWindowAndWhilePublishing() throws Exception {
        runCase("2", "trainer killed -9 mid-window and while publishing", () -> {
            final Stage s = stage("r2");
            final String model = "rel2";
            final int window = 100;
            runToEnd(crawlSynthetic(s, 600, 2), Duration.ofMinutes(4));
            try (CommittedRecords records = new CommittedRecords(s.clients(), s.topics())) {
                final List<String> notes = new ArrayList<>();
                // 1: killed while it fills or trains the window after v1
                final I2vProcess trainer = trainer(s, "trainer", model, window, 0);
                if (!records.await(r -> r.models().size() >= 1, Duration.ofMinutes(4))) {
                    throw new IllegalStateException("no v1:\n" + trainer.tail(20));
                }
                Thread.sleep(3000);
                final int publishedBeforeKill1 = records.models().size();
                trainer.kill9();
                notes.add("kill 1: 3 s after v1, " + publishedBeforeKill1 + " version(s) published");
                // 2: killed as soon as the next version's artifact is in place, before its event is published (if the kill is quick enough)
                final List<Long> restarts = new ArrayList<>();
                restarts.add(System.currentTimeMillis());
                trainer.restart();
                final long next = publishedBeforeKill1 + 1;
                final long appeared = awaitArtifact(s.dir().resolve("models"), model + "-v" + next + ".i2vmodel", Duration.ofMinutes(4));
                trainer.kill9();
                final long killedAt = System.currentTimeMillis();
                Thread.sleep(3000);
                final boolean eventBeforeKill = records.on(s.topics().modelUpdates()).stream()
                        .anyMatch(x -> x.model().getVersion() == next && x.atMillis() < killedAt);
                notes.add(String.format(Locale.ROOT, "kill 2: %d ms after v%d's artifact file appeared, %s", killedAt - appeared, next,
                        records.models().stream().anyMatch(m -> m.getVersion() == next)
                                ? (eventBeforeKill ? "its event had been published" : "its event was published anyway") : "its event not yet published"));
                // 3: restarted, it trains to the end of the topic
                restarts.add(System.currentTimeMillis());
                trainer.restart();
                final int expectedVersions = expectedWindows(records, s.topics(), window);
                final boolean finished = records.await(r -> r.models().size() >= expectedVersions, Duration.ofMinutes(5));
                Thread.sleep(2000);
                trainer.stop(Duration.ofSeconds(60));
                final ModelLineage lineage = ModelLineage.check(model, records.models(), s.dir().resolve("models"));
                final boolean passed = finished && lineage.sound();
                return new ReliabilityReport.Row("trainer killed -9 mid-window, then while publishing; restarted each time", passed,
                        n(records.count(s.topics().images())), "2", "-", "-", "-", "restart to its next published version: "
                                + restarts.stream().map(t -> seconds(firstAfter(records, s.topics().modelUpdates(), t))).collect(Collectors.joining(", ")),
                        String.format(Locale.ROOT, "versions published: %s (expected %d); windows join without gap or overlap, every event has its "
                                + "artifact and every artifact its event: %s; %s", lineage.versions(), expectedVersions,
                                lineage.sound() ? "yes" : "NO: " + lineage.summary(), String.join("; ", notes)));
            }
        });
    }

    /** How many full windows the topic holds: images not in the holdout (10%, by the trainer's own split), divided by the window. */
    private static int expectedWindows(final CommittedRecords records, final Topics topics, final int window) {
        final dev.i2v.trainer.HoldoutSplit split = new dev.i2v.trainer.HoldoutSplit(10);
        final long training = records.on(topics.images()).stream().filter(x -> !split.isHoldout(x.key())).count();
        return (int) (training / window);
    }

    /** Polls the store every few milliseconds for the artifact (renamed into place when complete); when it appeared. */
    private static long awaitArtifact(final Path store, final String name, final Duration limit) throws Exception {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(store)) {
                try (var files = Files.list(store)) {
                    if (files.anyMatch(f -> f.getFileName().toString().equals(name))) {
                        return System.currentTimeMillis();
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no " + name + " in " + store + " within " + limit);
    }

    @Test
    @Order(3)
    void aSecondTrainerForTheSameModelIsFencedOrRefused() throws Exception {
        runCase("3", "a second trainer for the same model", () -> {
            final Stage s = stage("r3");
            final String model = "rel3";
            runToEnd(crawlSynthetic(s, 800, 3), Duration.ofMinutes(4));
            try (CommittedRecords records = new CommittedRecords(s.clients(), s.topics())) {
                final I2vProcess first = trainer(s, "trainer-a", model, 100, 0);
                if (!records.await(r -> r.models().size() >= 1, Duration.ofMinutes(4))) {
                    throw new IllegalStateException("no v1 from the first trainer:\n" + first.tail(20));
                }
                final I2vProcess second = trainer(s, "trainer-b", model, 100, 0);
                // either ends by itself (refused at start, or fenced later); both running for 2 minutes is the failure
                final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (System.nanoTime() < deadline && first.alive() && second.alive()) {
                    Thread.sleep(500);
                }
                Thread.sleep(10_000); // what the survivor publishes next counts too
                final boolean firstEnded = !first.alive();
                final boolean secondEnded = !second.alive();
                final String ended = firstEnded ? "the first trainer ended (fenced): " + lastLine(first)
                        : secondEnded ? "the second trainer ended (refused): " + lastLine(second) : "both trainers kept running for 2 minutes";
                first.stop(Duration.ofSeconds(60));
                second.stop(Duration.ofSeconds(60));
                final List<ModelUpdated> models = records.models();
                final Map<Long, Long> timesPublished = new TreeMap<>();
                models.forEach(m -> timesPublished.merge(m.getVersion(), 1L, Long::sum));
                final List<Long> twice = timesPublished.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
                final ModelLineage lineage = ModelLineage.check(model, models, s.dir().resolve("models"));
                final boolean passed = (firstEnded != secondEnded) && twice.isEmpty() && lineage.sound();
                return new ReliabilityReport.Row("a second trainer for the same model started beside the first", passed,
                        n(records.count(s.topics().images())), "-", "-", twice.isEmpty() ? "0" : n(twice.size()) + " versions", "-", "-",
                        String.format(Locale.ROOT, "%s; versions published: %s; published more than once: %s%s", ended,
                                models.stream().map(ModelUpdated::getVersion).toList(), twice.isEmpty() ? "none" : twice,
                                lineage.sound() ? "" : "; " + lineage.summary()));
            }
        });
    }

    private static String lastLine(final I2vProcess p) {
        final String[] lines = p.tail(40).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            final String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")) {
                return l.length() > 240 ? l.substring(0, 240) + "..." : l;
            }
        }
        return "(no output)";
    }

    @Test
    @Order(4)
    void theBrokerStoppedAndRestartedWhileEverythingRuns() throws Exception {
        runCase("4", "the broker stopped and restarted under load", () -> {
            final Stage s = stage("r4");
            final String model = "rel4";
            final int first = 300;
            final int images = first + 1500;
            try (CommittedRecords records = new CommittedRecords(s.clients(), s.topics())) {
                final I2vProcess trainer = trainer(s, "trainer", model, 150, 0);
                final I2vProcess tagger = tagger(s, model, 0);
                runToEnd(crawlSynthetic(s, first, 4), Duration.ofMinutes(3));
                if (!records.await(r -> r.count(s.topics().tagVectors()) >= 50, Duration.ofMinutes(6))) {
                    throw new IllegalStateException("nothing tagged before the restart:\n" + trainer.tail(10) + "\n" + tagger.tail(10));
                }
                // the same synthetic crawl continues its sequence; the broker goes down while it publishes
                final I2vProcess crawler = crawlSynthetic(s, images - first, 4);
                if (!records.await(r -> r.count(s.topics().images()) >= first + 100, Duration.ofMinutes(3))) {
                    throw new IllegalStateException("the second crawl published nothing:\n" + crawler.tail(10));
                }
                final long publishedAtStop = records.count(s.topics().images());
                final long stopped = System.currentTimeMillis();
                broker.stop();
                System.out.printf(Locale.ROOT, "[reliability]   broker stopped at %,d of %,d images published; restarted 10 s later%n", publishedAtStop, images);
                Thread.sleep(10_000);
                broker.restart();
                final long up = System.currentTimeMillis();
                System.out.printf(Locale.ROOT, "[reliability]   broker back after %.1f s%n", (up - stopped) / 1000.0);
                final Integer crawlerExit = crawler.waitFor(Duration.ofMinutes(5));
                final boolean allTagged = records.await(r -> r.count(s.topics().images()) >= images && r.outputs() >= r.count(s.topics().images()),
                        Duration.ofMinutes(5));
                final boolean trainerPublished = records.await(r -> r.on(s.topics().modelUpdates()).stream().anyMatch(x -> x.atMillis() > up),
                        Duration.ofMinutes(4));
                Thread.sleep(5000);
                final boolean taggerAlive = tagger.alive();
                final boolean trainerAlive = trainer.alive();
                tagger.stop(Duration.ofSeconds(30));
                trainer.stop(Duration.ofSeconds(60));
                final Delivery d = Delivery.of(records, s.topics());
                final long distinct = records.on(s.topics().images()).stream().map(CommittedRecords.Seen::key).distinct().count();
                final String recovery = String.format(Locale.ROOT, "after the restart: crawler %s, tagger %s, trainer %s",
                        seconds(firstAfter(records, s.topics().images(), up)),
                        seconds(firstAfter(records, s.topics().tagVectors(), up)),
                        seconds(firstAfter(records, s.topics().modelUpdates(), up)));
                final boolean passed = Integer.valueOf(0).equals(crawlerExit) && distinct == images && allTagged && d.exact() && trainerPublished
                        && taggerAlive && trainerAlive;
                return new ReliabilityReport.Row("broker stopped (clean stop, 10 s pause, restart) while crawler, trainer and tagger run", passed,
                        n(d.images()), "-", n(d.lost()), n(d.duplicated()), n(d.deadLetters()), recovery,
                        String.format(Locale.ROOT, "broker unreachable for %.0f s from the stop until it answered again, at %,d of %,d images published; "
                                + "crawler exit %s, %,d distinct images; tagger %s, trainer %s after the restart; versions %s; tag vectors by version: %s%s",
                                (up - stopped) / 1000.0, publishedAtStop, images, crawlerExit,
                                distinct, taggerAlive ? "running" : "DEAD", trainerPublished ? "published again" : "DID NOT PUBLISH",
                                records.models().stream().map(ModelUpdated::getVersion).toList(), d.perVersion(),
                                d.examples().isEmpty() ? "" : "; e.g. " + d.examples()));
            }
        });
    }

    /** Milliseconds from {@code since} to the first committed record on the topic after it, or -1. */
    private static long firstAfter(final CommittedRecords records, final String topic, final long since) {
        return records.on(topic).stream().mapToLong(CommittedRecords.Seen::atMillis).filter(t -> t > since).min().orElse(since - 1) - since;
    }

    @Test
    @Order(5)
    void aCrawlWhoseDownloadsFailFetchesExactlyThoseNextTime() throws Exception {
        runCase("5", "booru downloads fail, the next crawl fetches exactly those", () -> {
            final Stage s = stage("r5");
            try (FakeBooru site = new FakeBooru(12); CommittedRecords records = new CommittedRecords(s.clients(), s.topics())) {
                // posts 10..120: a wrong md5, a 500, a download that stalls past the time-out; later posts succeed
                site.replace(30, true, false, false);
                site.serverErrors.put(50L, 99);
                site.stalls.put(70L, 99);
                final List<String> crawl = List.of("crawl", "safebooru");
                final List<String> options = List.of("--base-url", site.baseUrl(), "--tags", "1girl", "--limit", "0", "--page-size", "5",
                        "--requests-per-second", "50", "--max-retries", "0", "--timeout-seconds", "1",
                        "--state-dir", s.dir().resolve("crawler").toString());
                runToEnd(i2v(s, "crawl-1", crawl, options), Duration.ofMinutes(2));
                final boolean firstLanded = records.await(r -> r.count(s.topics().images()) >= 9, Duration.ofSeconds(30));
                final long afterFirst = records.count(s.topics().images());
                // the site recovers; the next crawl must fetch exactly the three that failed
                site.replace(30, false, false, false);
                site.serverErrors.put(50L, 0);
                site.stalls.put(70L, 0);
                final Map<Long, Integer> before = fileRequests(site);
                runToEnd(i2v(s, "crawl-2", crawl, options), Duration.ofMinutes(2));
                records.await(r -> r.count(s.topics().images()) >= 12, Duration.ofSeconds(30));
                Thread.sleep(2000);
                final Map<Long, Integer> fetchedAgain = new TreeMap<>();
                fileRequests(site).forEach((id, count) -> {
                    if (count > before.getOrDefault(id, 0)) {
                        fetchedAgain.put(id, count - before.getOrDefault(id, 0));
                    }
                });
                final long total = records.count(s.topics().images());
                final long distinct = records.on(s.topics().images()).stream().map(CommittedRecords.Seen::key).distinct().count();
                final boolean passed = firstLanded && afterFirst == 9 && fetchedAgain.equals(Map.of(30L, 1, 50L, 1, 70L, 1)) && total == 12
                        && distinct == 12;
                return new ReliabilityReport.Row("a booru crawl whose downloads fail (md5, HTTP 500, time-out); a second crawl", passed,
                        n(total), "-", n(12 - distinct), n(total - distinct), "-", "-",
                        String.format(Locale.ROOT, "12 posts; first crawl published %d; second crawl downloaded %s (post id: times), "
                                + "expected {30=1, 50=1, 70=1}; %d distinct images on the topic", afterFirst, fetchedAgain, distinct));
            }
        });
    }

    private static Map<Long, Integer> fileRequests(final FakeBooru site) {
        final Map<Long, Integer> out = new HashMap<>();
        site.posts.forEach(p -> out.put(p.id(), site.count("file" + p.id())));
        return out;
    }

    private static void deleteRecursively(final Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
