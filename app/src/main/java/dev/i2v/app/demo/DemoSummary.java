package dev.i2v.app.demo;

import java.util.Locale;
import java.util.Map;

/** What a demo run did, from the topics: printed at the end and checked by the end-to-end test. */
public record DemoSummary(long published, int taggedImages, int vectors, int deadLetters, int duplicates,
                          int versions, Map<Long, Integer> taggedPerVersion, double seconds) {

    /** Published images with neither a tag vector nor a dead letter. */
    public long lost() {
        return Math.max(0, published - taggedImages - deadLetters);
    }

    public String oneLine() {
        return String.format(Locale.ROOT,
                "%d images published, %d tagged (%d tag vectors: %s), %d dead letters, %d lost, %d duplicate vectors; %d model versions in %.0f s",
                published, taggedImages, vectors, perVersion(), deadLetters, lost(), duplicates, versions, seconds);
    }

    private String perVersion() {
        final StringBuilder sb = new StringBuilder();
        taggedPerVersion.forEach((v, n) -> sb.append(sb.length() == 0 ? "" : ", ").append("v").append(v).append(" ").append(n));
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
