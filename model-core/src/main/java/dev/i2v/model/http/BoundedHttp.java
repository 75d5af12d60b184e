package dev.i2v.model.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The project's one HTTP GET for untrusted places (booru sites, claim checks, model stores): the
 * deadline covers the whole answer, body included (the JDK client's own time-out ends at the
 * headers, so a server that stalls mid-body would hold the caller for ever), the body is capped
 * while it arrives (declared or not), and a redirect is followed only to a location the caller allows.
 */
public final class BoundedHttp {

    /** More hops than any honest server needs. */
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration timeout;
    private final Predicate<URI> redirectAllowed;

    /**
     * @param timeout         for the whole answer of one request (connect, headers and body)
     * @param redirectAllowed whether a redirect may be followed to this location
     */
    public BoundedHttp(final Duration timeout, final Predicate<URI> redirectAllowed) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.redirectAllowed = redirectAllowed;
    }

    /** A finished answer: the body only for status 200 (empty otherwise). */
    public record Answer(URI uri, int status, HttpHeaders headers, byte[] body) {
    }

    /** The body was, or was declared to be, over the byte cap; nothing more was read. */
    public static final class TooLargeException extends IOException {
        private final long size;

        TooLargeException(final URI uri, final long size, final long max) {
            super(String.format("%s: %,d bytes or more is over the %,d-byte limit", uri, size, max));
            this.size = size;
        }

        /** How many bytes had arrived (or were declared) when the cap was hit. */
        public long size() {
            return size;
        }
    }

    /** A redirect to a location the caller does not allow, or too many hops. */
    public static final class RedirectRefusedException extends IOException {
        RedirectRefusedException(final String message) {
            super(message);
        }
    }

    /**
     * GETs {@code uri}, following allowed redirects.
     *
     * @throws HttpTimeoutException      when the whole answer did not arrive within the time-out
     * @throws TooLargeException         when the body is over {@code maxBytes}
     * @throws RedirectRefusedException  when a redirect leads somewhere not allowed
     * @throws IOException               any other network failure
     */
    public Answer get(final URI uri, final long maxBytes, final Map<String, String> headers) throws IOException, InterruptedException {
        return follow(uri, current -> exchange(current, headers,
                info -> new CappedBody<>(current, maxBytes, declaredLength(info), new ByteArrayOutputStream())));
    }

    /**
     * GETs {@code uri} like {@link #get}, but writes a 200 answer's body to {@code target} as it
     * arrives instead of holding it in memory (model artifacts are gigabytes); the answer's body is empty.
     */
    public Answer download(final URI uri, final long maxBytes, final Path target) throws IOException, InterruptedException {
        return follow(uri, current -> {
            try (OutputStream file = Files.newOutputStream(target)) {
                return exchange(current, Map.of(), info -> new CappedBody<>(current, maxBytes, declaredLength(info), file));
            }
        });
    }

    private interface Exchange {
        Answer at(URI uri) throws IOException, InterruptedException;
    }

    /** Runs the exchange, and again for each allowed redirect. */
    private Answer follow(final URI uri, final Exchange exchange) throws IOException, InterruptedException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            final Answer answer = exchange.at(current);
            final boolean redirect = answer.status() >= 300 && answer.status() < 400 && answer.headers().firstValue("Location").isPresent();
            if (!redirect) {
                return answer;
            }
            final URI next;
            try {
                next = current.resolve(answer.headers().firstValue("Location").get().trim());
            } catch (IllegalArgumentException e) {
                throw new RedirectRefusedException(uri + ": redirected to a location that is not a URI");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RedirectRefusedException(uri + ": more than " + MAX_REDIRECTS + " redirects");
            }
            if (!redirectAllowed.test(next)) {
                throw new RedirectRefusedException(uri + ": redirected to a location that is not allowed");
            }
            current = next;
        }
    }

    private static long declaredLength(final HttpResponse.ResponseInfo info) {
        return info.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    private Answer exchange(final URI uri, final Map<String, String> headers,
                            final java.util.function.Function<HttpResponse.ResponseInfo, CappedBody<?>> body)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        final CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request.build(), info -> info.statusCode() == 200
                ? body.apply(info) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            final HttpResponse<byte[]> response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(uri, response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            throw new HttpTimeoutException(uri + ": no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(uri + ": " + e.getCause(), e.getCause());
        } finally {
            pending.cancel(true);
        }
    }

    /**
     * Writes a 200 answer's body to {@code out} (memory or a file) and gives up as soon as it is over
     * the cap (declared or received); completes with the bytes when {@code out} is in memory, else empty.
     */
    private static final class CappedBody<O extends OutputStream> implements HttpResponse.BodySubscriber<byte[]> {
        private final URI uri;
        private final long maxBytes;
        private final long declared;
        private final O out;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long received;

        CappedBody(final URI uri, final long maxBytes, final long declared, final O out) {
            this.uri = uri;
            this.maxBytes = maxBytes;
            this.declared = declared;
            this.out = out;
        }

        @Override
        public void onSubscribe(final Flow.Subscription s) {
            subscription = s;
            if (declared > maxBytes) {
                s.cancel();
                result.completeExceptionally(new TooLargeException(uri, declared, maxBytes));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (final ByteBuffer b : items) {
                if (received + b.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException(uri, received + b.remaining(), maxBytes));
                    return;
                }
                received += b.remaining();
                final byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                try {
                    out.write(chunk);
                } catch (IOException e) {
                    subscription.cancel();
                    result.completeExceptionally(e);
                    return;
                }
            }
        }

        @Override
        public void onError(final Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out instanceof ByteArrayOutputStream memory ? memory.toByteArray() : new byte[0]);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
