package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.i2v.schemas.avro.OffsetRange;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static final TopicPartition P0 = new TopicPartition("i2v.images", 0);
    private static final TopicPartition P1 = new TopicPartition("i2v.images", 1);
    private static final TopicPartition P2 = new TopicPartition("i2v.images", 2);

    private final Window window = new Window(List.of(), Map.of(), Map.of(P2, 7L, P0, 10L, P1, 4L), Map.of(P2, 9L, P0, 25L, P1, 4L));

    @Test
    void rangesAreThePartitionsThatAdvancedInPartitionOrder() {
        assertEquals(List.of(new OffsetRange("i2v.images", 0, 10L, 25L), new OffsetRange("i2v.images", 2, 7L, 9L)), window.ranges());
    }

    @Test
    void theCommitIsEveryPartitionsEnd() {
        assertEquals(Map.of(P0, new OffsetAndMetadata(25), P1, new OffsetAndMetadata(4), P2, new OffsetAndMetadata(9)),
                window.commitOffsets());
    }
}
