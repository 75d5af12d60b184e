package dev.i2v.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro class, in Avro single-object encoding (2-byte marker,
 * 8-byte schema fingerprint, body). Readers also accept every released schema version, so
 * records written by older producers still decode.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(final Class<T> type, final Schema schema) {
        AvroLimits.apply();
        this.type = type;
        this.schema = schema;
        this.encoder = new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema);
        for (final Schema released : releasedVersions(schema.getName())) {
            decoder.addSchema(released);
        }
    }

    public byte[] encode(final T value) {
        try {
            final ByteBuffer buffer = encoder.encode(value);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one record or throws a {@link SerializationException} naming the topic and the schema;
     * never returns null for non-null input.
     */
    public T decode(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(String.format(
                    "Record on topic '%s' is not a valid Avro %s (single-object encoding, %d bytes): %s: %s."
                            + " Producers to this topic must use the i2v serdes (dev.i2v.schemas.I2vSerdes).",
                    topic, schema.getFullName(), data.length, e.getClass().getSimpleName(), e.getMessage()), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::decode;
    }

    @Override
    public String toString() {
        return "AvroSerde[" + type.getSimpleName() + "]";
    }

    /** The released versions kept under resources/dev/i2v/schemas/released, oldest first. */
    public static List<Schema> releasedVersions(final String name) {
        final java.util.ArrayList<Schema> out = new java.util.ArrayList<>();
        for (int v = 1; ; v++) {
            final String resource = "/dev/i2v/schemas/released/" + name + ".v" + v + ".avsc";
            try (InputStream in = AvroSerde.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return out;
                }
                out.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read released schema " + resource, e);
            }
        }
    }
}
