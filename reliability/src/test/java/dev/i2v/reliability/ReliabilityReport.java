package dev.i2v.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's figures, one row per case, written as docs/reliability.md. */
final class ReliabilityReport {

    /** One case's outcome; "-" where a figure does not apply. */
    record Row(String scenario, boolean passed, String images, String kills, String lost, String duplicated, String deadLetters,
               String recovery, String details) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    synchronized void add(final Row row) {
        rows.add(row);
        System.out.printf(Locale.ROOT, "[reliability] %s %s: images %s, kills %s, lost %s, duplicated %s, dead letters %s, recovery %s. %s%n",
                row.passed() ? "PASS" : "FAIL", row.scenario(), row.images(), row.kills(), row.lost(), row.duplicated(), row.deadLetters(),
                row.recovery(), row.details());
    }

    synchronized boolean allPassed() {
        return rows.stream().allMatch(Row::passed);
    }

    synchronized void write(final Path file) throws IOException {
        final StringBuilder md = new StringBuilder();
        md.append("# Reliability suite results\n\n");
        md.append("Written by `nice -n 10 reliability/run` (").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(String.format(Locale.ROOT, ", %d cores, whole suite %.1f min). ", Runtime.getRuntime().availableProcessors(),
                        (System.nanoTime() - startNanos) / 60e9))
                .append("Every case runs on a real Kafka broker in its own OS process (`i2v kafka`); crawlers, taggers and trainers are ")
                .append("`i2v` processes started as a user starts them, killed with `kill -9` (SIGKILL). The verifier reads the topics ")
                .append("read_committed. Lost: an image record with no tag vector and no dead letter; duplicated: an output beyond one per ")
                .append("image record. Recovery: see each case.\n\n");
        md.append("| case | result | images | kills | lost | duplicated | dead letters | recovery | details |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (final Row r : rows) {
            md.append("| ").append(String.join(" | ", r.scenario(), r.passed() ? "pass" : "**FAIL**", r.images(), r.kills(), r.lost(),
                    r.duplicated(), r.deadLetters(), r.recovery(), r.details().replace("|", "/").replace("\n", " "))).append(" |\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println("[reliability] results written to " + file);
    }
}
