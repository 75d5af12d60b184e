package dev.i2v.model.console;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one progress bar of the project: a single line redrawn in place on a terminal (at most
 * every 200 ms), or a plain line every 10% when output is not a terminal (CI logs, files).
 * Shows done/total, rate per second, elapsed and remaining time, and a free-form status.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final String unit;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos;
    private long lastPlainDecile = -1;
    private String status = "";

    /** @param total 0 or less when unknown (then the bar shows a count and a rate only) */
    public ProgressBar(final PrintStream out, final String label, final long total, final String unit) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    public ProgressBar(final String label, final long total, final String unit) {
        this(System.err, label, total, unit);
    }

    public synchronized void step(final long n) {
        done += n;
        draw(false);
    }

    public synchronized void setStatus(final String status) {
        this.status = status;
        draw(false);
    }

    public synchronized long done() {
        return done;
    }

    public synchronized double ratePerSecond() {
        final double secs = (System.nanoTime() - startNanos) / 1e9;
        return secs <= 0 ? 0 : done / secs;
    }

    private void draw(final boolean force) {
        final long now = System.nanoTime();
        if (terminal) {
            if (!force && now - lastDrawNanos < 200_000_000L && done != total) {
                return;
            }
            lastDrawNanos = now;
            out.print("\r" + line() + "\u001b[K");
            out.flush();
        } else {
            final long decile = total > 0 ? done * 10 / total : done / 1000;
            if (force || decile != lastPlainDecile) {
                lastPlainDecile = decile;
                out.println(line());
            }
        }
    }

    String line() {
        final double secs = (System.nanoTime() - startNanos) / 1e9;
        final double rate = secs <= 0 ? 0 : done / secs;
        final StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            final int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%d/%d %s %3.0f%%", done, total, unit, 100.0 * done / total));
            final double remaining = rate > 0 ? (total - done) / rate : Double.NaN;
            sb.append(String.format(Locale.ROOT, " | %.1f %s/s | %s elapsed, %s left", rate, unit, clock(secs),
                    Double.isNaN(remaining) ? "?" : clock(remaining)));
        } else {
            sb.append(String.format(Locale.ROOT, "%d %s | %.1f %s/s | %s elapsed", done, unit, rate, unit, clock(secs)));
        }
        if (!status.isEmpty()) {
            sb.append(" | ").append(status);
        }
        return sb.toString();
    }

    private static String clock(final double seconds) {
        final long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Draws the final state and ends the line. */
    @Override
    public synchronized void close() {
        draw(true);
        if (terminal) {
            out.println();
        }
    }
}
