package dev.i2v.web;

import dev.i2v.schemas.avro.ModelUpdated;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The model versions' holdout metrics as a small inline SVG (nothing fetched at run time): mAP,
 * micro-F1 at P=R and the tag-frequency baseline's mAP per version; promoted versions are filled
 * dots, the others hollow, and the newest promoted one (the one taggers serve) is ringed and labelled.
 */
final class VersionChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;

    private record Series(String label, String colour, boolean dashed, Function<ModelUpdated, Double> value) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("mAP", "#1f6feb", false, v -> v.getMetrics().getMeanAveragePrecision()),
            new Series("micro-F1 at P=R", "#2da44e", false, v -> v.getMetrics().getMicroF1AtEqualPrecisionRecall()),
            new Series("baseline mAP", "#8c959f", true, v -> v.getMetrics().getBaselineMeanAveragePrecision()));

    private VersionChart() {
    }

    static String svg(final List<ModelUpdated> versions, final Optional<ModelUpdated> serving) {
        final StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"model versions and their holdout metrics\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (int i = 0; i <= 4; i++) {
            final double y = y(i / 4.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eaeef2\"/>", LEFT, WIDTH - RIGHT, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#57606a\">%.2f</text>", LEFT - 6, y + 4, i / 4.0));
        }
        if (versions.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#57606a\">no model version yet</text>",
                    WIDTH / 2, HEIGHT / 2));
            return s.append("</svg>").toString();
        }
        for (int i = 0; i < versions.size(); i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#57606a\">v%d</text>",
                    x(i, versions.size()), HEIGHT - BOTTOM + 16, versions.get(i).getVersion()));
        }
        for (final Series series : SERIES) {
            final StringBuilder path = new StringBuilder();
            for (int i = 0; i < versions.size(); i++) {
                final Double value = series.value().apply(versions.get(i));
                if (value != null && Double.isFinite(value)) {
                    path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x(i, versions.size()), y(value)));
                }
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>", path.toString().trim(),
                    series.colour(), series.dashed() ? " stroke-dasharray=\"5 4\"" : ""));
        }
        final Series map = SERIES.get(0);
        for (int i = 0; i < versions.size(); i++) {
            final ModelUpdated v = versions.get(i);
            final double x = x(i, versions.size());
            final Double mAP = map.value().apply(v);
            final boolean measured = mAP != null && Double.isFinite(mAP);
            final double y = y(measured ? mAP : 0);
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" stroke=\"%s\" stroke-width=\"2\" fill=\"%s\">"
                    + "<title>v%d %s, mAP %s</title></circle>", x, y, map.colour(), v.getPromoted() ? map.colour() : "white",
                    v.getVersion(), v.getPromoted() ? "promoted" : "not promoted", measured ? String.format(Locale.ROOT, "%.3f", mAP) : "not measured"));
            if (serving.isPresent() && serving.get().getVersion() == v.getVersion() && serving.get().getModelName().equals(v.getModelName())) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"10\" fill=\"none\" stroke=\"#cf222e\" stroke-width=\"2\"/>"
                        + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#cf222e\" class=\"serving\">serving v%d</text>",
                        x, y, x, Math.max(TOP + 10, y - 16), v.getVersion()));
            }
        }
        double legendX = LEFT;
        for (final Series series : SERIES) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>", legendX, legendX + 18, HEIGHT - 8, HEIGHT - 8, series.colour(),
                    series.dashed() ? " stroke-dasharray=\"5 4\"" : "", legendX + 22, HEIGHT - 4, series.label()));
            legendX += 40 + series.label().length() * 6;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#57606a\">filled: promoted, hollow: not</text>", legendX, HEIGHT - 4));
        return s.append("</svg>").toString();
    }

    private static double x(final int i, final int n) {
        final double span = WIDTH - LEFT - RIGHT - 40;
        return LEFT + 20 + (n == 1 ? span / 2 : span * i / (n - 1));
    }

    private static double y(final double value) {
        final double clamped = Math.max(0, Math.min(1, value));
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clamped);
    }
}
