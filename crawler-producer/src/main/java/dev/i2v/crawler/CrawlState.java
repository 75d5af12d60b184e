package dev.i2v.crawler;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A crawl's progress on disk ({@code <state-dir>/<name>.properties}): where a restarted crawl
 * continues. Written atomically and durably (temp file synced, renamed, directory synced), so a crash
 * or power cut leaves the old or the new state, never an empty or half-written file.
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
            final StringWriter text = new StringWriter();
            values.store(text, "i2v crawl state: where the next run of this crawl continues");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the rename itself is only durable once the directory entry is on disk
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write crawl state " + file + ": " + e.getMessage(), e);
        }
    }
}
