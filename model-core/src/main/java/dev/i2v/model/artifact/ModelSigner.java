package dev.i2v.model.artifact;

import dev.i2v.schemas.avro.ModelUpdated;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks model-updated events with HMAC-SHA256 and a key shared by the trainer and the
 * taggers ({@code model.signing.key}), so a tagger serves only models a trainer it trusts announced,
 * even if someone else can write to the model-updates topic. The signature covers every field that
 * decides what is loaded and how it is used, the artifact's sha256 included, so the file is covered too.
 * Without a key nothing is signed and every event is accepted (then Kafka ACLs are the only guard).
 */
public final class ModelSigner {

    public static final String SETTING = "model.signing.key";
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private ModelSigner(final byte[] key) {
        this.key = key;
    }

    /** A signer for this key; an empty key means "do not sign, do not check". */
    public static ModelSigner of(final String key) {
        return new ModelSigner(key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8));
    }

    public boolean enabled() {
        return key.length > 0;
    }

    /** The event with its signature set (unchanged without a key). */
    public ModelUpdated sign(final ModelUpdated update) {
        if (!enabled()) {
            return update;
        }
        return ModelUpdated.newBuilder(update).setSignature(signatureOf(update)).build();
    }

    /** Null when the event may be used, else why not. */
    public String problemWith(final ModelUpdated update) {
        if (!enabled()) {
            return null;
        }
        if (update.getSignature() == null) {
            return "it is not signed, and this tagger has " + SETTING + " set";
        }
        final byte[] expected = signatureOf(update).getBytes(StandardCharsets.US_ASCII);
        final byte[] given = update.getSignature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? null : "its signature does not match (" + SETTING + " differs, or the event was altered)";
    }

    private String signatureOf(final ModelUpdated u) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(canonical(u)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** Length-prefixed fields, so that no two different events encode alike. */
    private static byte[] canonical(final ModelUpdated u) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1); // the layout's version
            text(out, u.getModelName());
            out.writeLong(u.getVersion());
            out.writeLong(u.getParentVersion() == null ? -1 : u.getParentVersion());
            out.writeLong(u.getCreatedAt().toEpochMilli());
            text(out, u.getArtifactUri());
            text(out, u.getSha256().toLowerCase(Locale.ROOT));
            out.writeLong(u.getSizeBytes());
            text(out, u.getBackbone());
            out.writeInt(u.getInputSize());
            out.writeInt(u.getVocabulary().size());
            for (final String tag : u.getVocabulary()) {
                text(out, tag);
            }
            out.writeInt(u.getThresholds().size());
            for (final Float t : u.getThresholds()) {
                out.writeFloat(t);
            }
            out.writeBoolean(u.getPromoted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void text(final DataOutputStream out, final String s) throws IOException {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
