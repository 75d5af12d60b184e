package dev.i2v.tagger;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelRejectedException;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdateCheck;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.schemas.avro.ModelUpdated;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the model version this tagger instance serves and hands each stream thread its own copy.
 *
 * <p>Loading (fetch, sha256 check, deserialisation) happens on the caller of {@link #offer}, the
 * model-updates follower thread, never on a stream thread. A stream thread asks for its predictor
 * between batches ({@link #predictorForThisThread()}); when the version changed it gets a fresh
 * copy and its old copy is closed, so a swap is atomic per batch and frees the old weights.
 */
public final class ModelSwapper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSwapper.class);

    /** What happened to an offered model update, for logs, tests and the status line. */
    public enum Outcome { SWAPPED, IGNORED_NOT_PROMOTED, IGNORED_NOT_NEWER, IGNORED_OTHER_MODEL, REFUSED }

    private final String modelName;
    private final ModelStore store;
    private final ModelUpdateCheck check;
    private final Map<Thread, TagPredictor> perThread = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    // the template every thread copies; guarded by this
    private TagPredictor current;
    private long refused;

    /** @param signer checks the events' signatures (a signer without key accepts unsigned events) */
    public ModelSwapper(final String modelName, final ModelStore store, final ModelSigner signer) {
        this.modelName = modelName;
        this.store = store;
        this.check = new ModelUpdateCheck(store, signer);
    }

    /** Called with a one-line message for every swap or refusal (status lines, the demo). */
    public void onEvent(final Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Considers a batch of model-updated events in the order read: tries the newest promoted
     * version first and falls back to older ones only if it cannot be loaded.
     */
    public void offerAll(final List<ModelUpdated> updates) {
        final List<ModelUpdated> candidates = new ArrayList<>(updates);
        candidates.sort(Comparator.comparingLong(ModelUpdated::getVersion).reversed());
        for (final ModelUpdated u : candidates) {
            final Outcome outcome = offer(u);
            if (outcome == Outcome.SWAPPED || outcome == Outcome.IGNORED_NOT_NEWER) {
                return;
            }
        }
    }

    /**
     * Loads and installs the update if it is a newer promoted version of this model; refuses a bad
     * event before fetching anything, and a bad artifact after, keeping the version it serves.
     */
    public Outcome offer(final ModelUpdated update) {
        final String problem = check.problemWith(update);
        if (problem != null) {
            return refuse(update, problem);
        }
        if (!modelName.equals(update.getModelName())) {
            return Outcome.IGNORED_OTHER_MODEL;
        }
        if (!update.getPromoted()) {
            return Outcome.IGNORED_NOT_PROMOTED;
        }
        if (update.getVersion() <= currentVersion()) {
            return Outcome.IGNORED_NOT_NEWER;
        }
        final ModelArtifact artifact;
        try {
            artifact = store.loadAnnounced(update);
        } catch (ModelRejectedException e) {
            return refuse(update, e.getMessage());
        } catch (RuntimeException | Error e) {
            // an artifact that breaks the loader (or exhausts memory) is one refused model, not the end of the follower
            return refuse(update, "loading it failed with " + e);
        }
        install(artifact);
        return Outcome.SWAPPED;
    }

    private Outcome refuse(final ModelUpdated update, final String why) {
        synchronized (this) {
            refused++;
        }
        final String uri = update.getArtifactUri() == null ? "" : update.getArtifactUri();
        final String line = String.format("REFUSED model %s v%d (%s): %s. Still serving %s.", modelName, update.getVersion(),
                uri.length() <= 200 ? uri : uri.substring(0, 200) + "...", why,
                currentVersion() < 0 ? "no model (images wait)" : "v" + currentVersion());
        LOG.error(line);
        listeners.forEach(l -> l.accept(line));
        return Outcome.REFUSED;
    }

    /** Installs a loaded model as the current version; the previous template's memory is released. */
    public void install(final ModelArtifact artifact) {
        final TagPredictor next = new TagPredictor(artifact);
        final TagPredictor previous;
        synchronized (this) {
            previous = current;
            current = next;
        }
        if (previous != null) {
            previous.close();
        }
        final String line = String.format("Serving model %s v%d (%d tags, mAP %.3f)", modelName, artifact.info().version(),
                artifact.info().vocabulary().size(), artifact.info().metrics().meanAveragePrecision());
        LOG.info(line);
        listeners.forEach(l -> l.accept(line));
    }

    /** The version being served, or -1 before the first model. */
    public synchronized long currentVersion() {
        return current == null ? -1 : current.info().version();
    }

    public synchronized long refusedCount() {
        return refused;
    }

    /**
     * This thread's predictor for the current version, or null when there is no model yet.
     * Only the calling thread uses the result, so networks are never shared between threads.
     */
    public TagPredictor predictorForThisThread() {
        final Thread thread = Thread.currentThread();
        final TagPredictor mine = perThread.get(thread);
        final TagPredictor fresh;
        synchronized (this) {
            if (current == null) {
                return null;
            }
            if (mine != null && mine.info().version() == current.info().version()) {
                return mine;
            }
            fresh = current.copy();
        }
        perThread.put(thread, fresh);
        if (mine != null) {
            mine.close();
        }
        releaseEndedThreads();
        return fresh;
    }

    /** Called by a stream thread that ends, so its copy does not outlive it. */
    public void releaseThisThread() {
        final TagPredictor mine = perThread.remove(Thread.currentThread());
        if (mine != null) {
            mine.close();
        }
    }

    /** Copies of threads that ended without releasing theirs (their owner can no longer use them). */
    private void releaseEndedThreads() {
        perThread.entrySet().removeIf(e -> {
            if (e.getKey().isAlive()) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** How many stream threads hold a copy of the model (for tests and status). */
    public int copiesHeld() {
        return perThread.size();
    }

    @Override
    public synchronized void close() {
        perThread.values().forEach(TagPredictor::close);
        perThread.clear();
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
