package dev.i2v.app;

import dev.i2v.web.WebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v serve}: the web page, live view and JSON API over the running topics, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a page to tag an image, a live view of the stream and a JSON API, over HTTP.",
                "Uploads are published to the images topic and tagged by the running tagger(s) ('i2v tag'); the answer is",
                "read back from the tag-vectors topic. API: POST /api/images, GET /api/tag-vectors/{id}[/similar], GET /api/versions."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--max-upload-bytes", description = "Largest upload accepted (default 4 MiB); larger ones get 413.")
    Integer maxUploadBytes;

    @Option(names = "--answer-timeout-ms", description = "How long an upload waits for its tag vector before a 504 (default 20000).")
    Long answerTimeoutMs;

    @Option(names = "--index-size", description = "Newest tag vectors kept for look-ups and similar images (default 2000).")
    Integer indexSize;

    @Option(names = "--tagger-application-id", description = "The taggers' application id, to tell whether one runs (default i2v-tagger).")
    String taggerApplicationId;

    @Override
    public Integer call() throws Exception {
        final Map<String, String> flags = new HashMap<>();
        flags.put("serve.port", port == null ? null : port.toString());
        flags.put("serve.host", host);
        flags.put("serve.max.upload.bytes", maxUploadBytes == null ? null : maxUploadBytes.toString());
        flags.put("serve.answer.timeout.ms", answerTimeoutMs == null ? null : answerTimeoutMs.toString());
        flags.put("serve.index.size", indexSize == null ? null : indexSize.toString());
        flags.put("tagger.application.id", taggerApplicationId);
        final CountDownLatch stopped = new CountDownLatch(1);
        // closed in reverse: the server first, then the hook is told the command finished
        try (StopOnShutdown ignored = StopOnShutdown.install("serve-shutdown", stopped::countDown, Duration.ofSeconds(10));
             WebServer server = new WebServer(service.settings(WebServer.defaults(), flags))) {
            server.start();
            System.err.println("Serving " + server.url() + " (live view: " + server.url() + "live.html). Ctrl-C to stop.");
            stopped.await();
        }
        return 0;
    }
}
