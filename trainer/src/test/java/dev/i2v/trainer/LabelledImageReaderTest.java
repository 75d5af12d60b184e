package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LabelledImageReaderTest {

    private final LabelledImageReader reader = new LabelledImageReader(TrainerConfig.from(Settings.of(Map.of("trainer.input.size", "32"))),
            ClaimCheckPolicy.from(Settings.of(Map.of())));
    private final Map<String, Integer> skipped = new TreeMap<>();

    private static ConsumerRecord<String, byte[]> record(final byte[] value) {
        return new ConsumerRecord<>("i2v.images", 0, 5L, "key", value);
    }

    private static byte[] encode(final ImageEvent e) {
        return I2vSerdes.imageEvent().encode(e);
    }

    @Test
    void aTaggedImageBecomesPixelsAtTheInputSizeWithItsLabels() {
        final ImageEvent event = new SyntheticIllustrations(3, 64, 0).next();
        final LabelledImage image = reader.read(record(encode(event)), skipped);
        assertNotNull(image);
        assertEquals(event.getId(), image.id());
        // general tags bare, the copyright tag and the rating by kind
        final List<String> expected = new ArrayList<>(event.getTags().stream().map(Tag::getName).filter(t -> !t.equals("original")).toList());
        expected.addAll(List.of("copyright:original", "rating:" + event.getRating()));
        assertEquals(expected, image.tags());
        assertEquals(3 * 32 * 32, image.pixels().length);
        assertEquals(Map.of(), skipped);
    }

    @Test
    void whatCannotBeTrainedIsCountedByReason() {
        final ImageEvent event = new SyntheticIllustrations(4, 64, 0).next();
        assertNull(reader.read(record(new byte[] {1, 2, 3}), skipped));
        assertNull(reader.read(record(null), skipped));
        assertNull(reader.read(record(encode(ImageEvent.newBuilder(event).setTags(List.of()).build())), skipped));
        assertNull(reader.read(record(encode(ImageEvent.newBuilder(event).setBytes(ByteBuffer.wrap(new byte[] {9, 9, 9})).build())), skipped));
        assertEquals(Map.of("NOT_AN_IMAGE_EVENT", 2, "NO_TAGS", 1, "NOT_AN_IMAGE", 1), skipped);
    }
}
