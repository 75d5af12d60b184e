package dev.i2v.schemas;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Small valid records for schema and serde tests. */
public final class SampleRecords {

    private SampleRecords() {
    }

    public static ImageEvent imageEvent(final String id) {
        return ImageEvent.newBuilder()
                .setId(id)
                .setSource("synthetic")
                .setSourceUrl(null)
                .setSha256("00".repeat(32))
                .setContentType("image/png")
                .setWidth(2)
                .setHeight(3)
                .setBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                .setUri(null)
                .setTags(List.of(new Tag("red_hair", "general"), new Tag("1girl", "general")))
                .setRating("general")
                .setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }
}
