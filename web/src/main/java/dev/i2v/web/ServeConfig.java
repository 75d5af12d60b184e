package dev.i2v.web;

import dev.i2v.schemas.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of {@code i2v serve}.
 *
 * @param host            where to listen; localhost by default, since uploads reach the images topic
 * @param maxUploadBytes  larger uploads are refused (413) before they are read whole
 * @param answerTimeout   how long an upload waits for its tag vector before a 504
 * @param indexSize       tag vectors kept in memory for look-ups and nearest neighbours (newest first)
 * @param maxWaiting      uploads waiting for an answer at once; more get a 503
 * @param taggerGroup     the tagger's application id, whose consumer group tells whether a tagger runs
 */
public record ServeConfig(String host, int port, int maxUploadBytes, Duration answerTimeout, int indexSize, int maxWaiting,
                          String taggerGroup) {

    public static final Map<String, String> DEFAULTS = Map.of(
            "serve.host", "127.0.0.1",
            "serve.port", "8080",
            "serve.max.upload.bytes", String.valueOf(4 * 1024 * 1024),
            "serve.answer.timeout.ms", "20000",
            "serve.index.size", "2000",
            "serve.max.waiting", "32",
            "tagger.application.id", "i2v-tagger");

    public static ServeConfig from(final Settings settings) {
        final Settings s = settings.withDefaults(DEFAULTS);
        final ServeConfig c = new ServeConfig(s.get("serve.host"), s.getInt("serve.port"), s.getInt("serve.max.upload.bytes"),
                Duration.ofMillis(s.getLong("serve.answer.timeout.ms")), s.getInt("serve.index.size"), s.getInt("serve.max.waiting"),
                s.get("tagger.application.id"));
        if (c.port < 0 || c.port > 65535 || c.maxUploadBytes < 1 || c.indexSize < 1 || c.maxWaiting < 1 || c.answerTimeout.isNegative()) {
            throw new IllegalArgumentException("serve settings out of range: " + c
                    + "; the port is 0 to 65535 (0: any free one), sizes and counts are positive.");
        }
        return c;
    }
}
