package dev.i2v.crawler;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A crawl's progress on disk ({@code <state-dir>/<name>.properties}): where a restarted crawl
 * continues. Written atomically (temp file, then rename), so a crash leaves the old or the new state.
 */
public final class CrawlState {

    private final Path file;
    private final Properties values = new Properties();

    public CrawlState(final Path stateDir, final String name) {
        this.file = stateDir == null ? null : stateDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".properties");
        if (file != null && Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                values.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read crawl state " + file + ": " + e.getMessage()
                        + "; delete it to start this crawl from the beginning.", e);
            }
        }
    }

    /** A state that is not kept: every run starts afresh (i2v publish). */
    public static CrawlState notKept() {
        return new CrawlState(null, "");
    }

    public Path file() {
        return file;
    }

    public String get(final String key, final String fallback) {
        return values.getProperty(key, fallback);
    }

    public void put(final String key, final String value) {
        putAll(java.util.Map.of(key, value));
    }

    /** Sets several keys with one write of the file. */
    public synchronized void putAll(final java.util.Map<String, String> entries) {
        entries.forEach(values::setProperty);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                values.store(w, "i2v crawl state: where the next run of this crawl continues");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write crawl state " + file + ": " + e.getMessage(), e);
        }
    }
}
