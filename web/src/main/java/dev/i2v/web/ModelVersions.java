package dev.i2v.web;

import dev.i2v.schemas.avro.ModelUpdated;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every model version announced on the model-updates topic so far, as the server has read them. */
final class ModelVersions {

    private final List<ModelUpdated> versions = new ArrayList<>();

    synchronized void add(final ModelUpdated v) {
        versions.removeIf(o -> o.getModelName().equals(v.getModelName()) && o.getVersion() == v.getVersion());
        versions.add(v);
        versions.sort(Comparator.comparing(ModelUpdated::getModelName).thenComparingLong(ModelUpdated::getVersion));
    }

    synchronized List<ModelUpdated> all() {
        return List.copyOf(versions);
    }

    synchronized Optional<ModelUpdated> find(final String modelName, final long version) {
        return versions.stream().filter(v -> v.getModelName().equals(modelName) && v.getVersion() == version).findFirst();
    }

    /** The newest promoted version: the one the taggers serve. */
    synchronized Optional<ModelUpdated> newestPromoted() {
        return versions.stream().filter(ModelUpdated::getPromoted).max(Comparator.comparingLong(ModelUpdated::getVersion));
    }
}
