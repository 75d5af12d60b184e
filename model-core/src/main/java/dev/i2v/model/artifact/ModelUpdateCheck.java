package dev.i2v.model.artifact;

import dev.i2v.model.image.TagNames;
import dev.i2v.schemas.avro.ModelUpdated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tagger checks in a model-updated event before it fetches anything: a name and version it
 * can use, an artifact inside its own model store, a well-formed sha256, a vocabulary of valid,
 * distinct tags within limits with one threshold each, and (with a signing key) a valid signature.
 */
public final class ModelUpdateCheck {

    /** Twenty times the default vocabulary of 5,000 tags. */
    public static final int MAX_VOCABULARY = 100_000;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ModelStore store;
    private final ModelSigner signer;

    public ModelUpdateCheck(final ModelStore store, final ModelSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    /** Null when the event may be acted on, else why not (without echoing its content beyond the URI). */
    public String problemWith(final ModelUpdated u) {
        if (u.getModelName() == null || !MODEL_NAME.matcher(u.getModelName()).matches()) {
            return "the model name is not 1 to 100 letters, digits, '.', '_' or '-'";
        }
        if (u.getVersion() < 1) {
            return "the version is below 1";
        }
        if (!ModelStore.isSha256(u.getSha256())) {
            return "the sha256 is not 64 hexadecimal characters";
        }
        final String location = store.refusalOf(u.getArtifactUri());
        if (location != null) {
            return location;
        }
        final List<String> vocabulary = u.getVocabulary();
        if (vocabulary.isEmpty() || vocabulary.size() > MAX_VOCABULARY) {
            return "the vocabulary has " + vocabulary.size() + " tags, outside 1.." + MAX_VOCABULARY;
        }
        final String tagProblem = TagNames.problemWith(vocabulary, MAX_VOCABULARY);
        if (tagProblem != null) {
            return "vocabulary " + tagProblem;
        }
        final Set<String> distinct = new HashSet<>(vocabulary);
        if (distinct.size() != vocabulary.size()) {
            return "the vocabulary names a tag twice";
        }
        if (u.getThresholds().size() != vocabulary.size()) {
            return u.getThresholds().size() + " thresholds for " + vocabulary.size() + " tags";
        }
        for (final Float t : u.getThresholds()) {
            if (t == null || !(t >= 0f && t <= 1f)) {
                return "a threshold is outside 0..1";
            }
        }
        return signer.problemWith(u);
    }
}
