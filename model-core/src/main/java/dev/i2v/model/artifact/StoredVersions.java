package dev.i2v.model.artifact;

import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model's versions as its store's {@link AnnouncementFile}s tell them, without Kafka: each event
 * checked as the tagger checks one from the topic ({@link ModelUpdateCheck}: inside the store, a
 * well-formed sha256, a valid vocabulary, the signature when {@code model.signing.key} is set).
 * Load one with {@link ModelStore#loadAnnounced}, which checks the artifact against it.
 */
public final class StoredVersions {

    private final List<ModelUpdated> usable;
    private final List<String> refused;

    private StoredVersions(final List<ModelUpdated> usable, final List<String> refused) {
        this.usable = List.copyOf(usable);
        this.refused = List.copyOf(refused);
    }

    /** @throws IOException when the store is not a readable local folder */
    public static StoredVersions read(final ModelStore store, final String modelName, final ModelSigner signer) throws IOException {
        if (!"file".equals(store.base().getScheme())) {
            throw new IOException("Model store " + store.base() + " is not a local folder; give the folder the trainer writes (a copy will do).");
        }
        final Path dir = Path.of(store.base());
        if (!Files.isDirectory(dir)) {
            throw new IOException("Model store " + dir + " is not a folder; give the folder the trainer writes (model.store).");
        }
        final List<String> refused = new ArrayList<>();
        final List<ModelUpdated> usable = new ArrayList<>();
        final ModelUpdateCheck check = new ModelUpdateCheck(store, signer);
        for (final ModelUpdated u : AnnouncementFile.readAll(dir, modelName, (file, why) -> refused.add(file.getFileName() + ": " + why))) {
            final String problem = modelName.equals(u.getModelName()) ? check.problemWith(u) : "it announces model " + u.getModelName();
            if (problem == null) {
                usable.add(u);
            } else {
                refused.add(modelName + " v" + u.getVersion() + ": " + problem);
            }
        }
        return new StoredVersions(usable, refused);
    }

    /** The usable versions, oldest first. */
    public List<ModelUpdated> usable() {
        return usable;
    }

    /** Announcements that were not usable, each with why. */
    public List<String> refused() {
        return refused;
    }

    public Optional<ModelUpdated> newestPromoted() {
        return usable.stream().filter(ModelUpdated::getPromoted).reduce((older, newer) -> newer);
    }

    public Optional<ModelUpdated> version(final long version) {
        return usable.stream().filter(u -> u.getVersion() == version).findFirst();
    }
}
