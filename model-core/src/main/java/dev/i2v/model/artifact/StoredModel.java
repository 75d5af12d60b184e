package dev.i2v.model.artifact;

/** Where a saved artifact is, and how to check it. */
public record StoredModel(String uri, String sha256, long sizeBytes) {
}
