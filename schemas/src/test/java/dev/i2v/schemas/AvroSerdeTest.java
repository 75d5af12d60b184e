package dev.i2v.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.schemas.avro.TrainingWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void imageEventRoundTrips() {
        final AvroSerde<ImageEvent> serde = I2vSerdes.imageEvent();
        final ImageEvent in = SampleRecords.imageEvent("synthetic:1");
        final byte[] bytes = serde.serializer().serialize("i2v.images", in);
        final ImageEvent out = serde.deserializer().deserialize("i2v.images", bytes);
        assertEquals(in, out);
        assertEquals(List.of("red_hair", "1girl"), out.getTags().stream().map(t -> t.getName()).toList());
    }

    @Test
    void tagVectorRoundTrips() {
        final AvroSerde<TagVector> serde = I2vSerdes.tagVector();
        final TagVector in = TagVector.newBuilder().setImageId("a").setModelName("i2v").setModelVersion(3)
                .setVocabularyId("v").setScores(List.of(0.9f, 0.1f))
                .setTags(List.of(new ScoredTag("red_hair", 0.9f))).setEmbedding(List.of(1f, 2f))
                .setTaggedAt(Instant.ofEpochMilli(5)).setInferenceMillis(1.5f).build();
        assertEquals(in, serde.decode("t", serde.encode(in)));
    }

    @Test
    void modelUpdatedRoundTrips() {
        final AvroSerde<ModelUpdated> serde = I2vSerdes.modelUpdated();
        final ModelUpdated in = ModelUpdated.newBuilder().setModelName("i2v").setVersion(2).setParentVersion(1L)
                .setCreatedAt(Instant.ofEpochMilli(9)).setArtifactUri("file:///tmp/m.zip").setSha256("ab")
                .setSizeBytes(10).setBackbone("tiny").setInputSize(64).setVocabulary(List.of("a", "b"))
                .setThresholds(List.of(0.5f, 0.4f))
                .setWindow(new TrainingWindow(List.of(new OffsetRange("i2v.images", 0, 0L, 100L)), 100, 0))
                .setMetrics(new ModelMetrics(0.3, 0.2, 0.7, 0.6, 0.5, 10, 2, 0.55, 0.5, 0.2, 0.25, 0.8, 0.3)).setPromoted(true).build();
        assertEquals(in, serde.decode("t", serde.encode(in)));
    }

    @Test
    void garbageNamesTopicAndSchema() {
        final AvroSerde<ImageEvent> serde = I2vSerdes.imageEvent();
        final SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("i2v.images", "not avro at all".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("'i2v.images'"), e.getMessage());
        assertTrue(e.getMessage().contains("dev.i2v.schemas.avro.ImageEvent"), e.getMessage());
    }

    @Test
    void recordOfAnotherSchemaIsRefusedNotMisread() {
        final byte[] tagVectorBytes = I2vSerdes.tagVector().encode(TagVector.newBuilder().setImageId("a")
                .setModelName("m").setModelVersion(1).setVocabularyId("v").setScores(List.of()).setTags(List.of())
                .setTaggedAt(Instant.EPOCH).setInferenceMillis(0f).build());
        final SerializationException e = assertThrows(SerializationException.class,
                () -> I2vSerdes.imageEvent().decode("i2v.images", tagVectorBytes));
        assertTrue(e.getMessage().contains("ImageEvent"), e.getMessage());
    }

    @Test
    void truncatedRecordIsRefused() {
        final byte[] full = I2vSerdes.imageEvent().encode(SampleRecords.imageEvent("x"));
        final byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        assertThrows(SerializationException.class, () -> I2vSerdes.imageEvent().decode("i2v.images", cut));
    }

    @Test
    void aFewBytesClaimingTwoBillionTagsAreRefusedNotAllocated() throws Exception {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xC3, 0x01});
        bytes.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(ImageEvent.getClassSchema())).array());
        final org.apache.avro.io.BinaryEncoder e = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(bytes, null);
        e.writeString("id");
        e.writeString("s");
        e.writeIndex(0);
        e.writeString("0");
        e.writeString("image/png");
        e.writeInt(1);
        e.writeInt(1);
        e.writeIndex(0);
        e.writeIndex(0);
        e.writeArrayStart();
        e.setItemCount(2_000_000_000L);
        e.flush();
        final SerializationException refused = assertThrows(SerializationException.class,
                () -> I2vSerdes.imageEvent().decode("t", bytes.toByteArray()));
        assertTrue(refused.getCause() instanceof org.apache.avro.SystemLimitException, refused.toString());
    }
}
