package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagVectorIndexTest {

    private static IndexedVector vector(final String id, final long version, final float... embedding) {
        return new IndexedVector(id, "i2v", version, "vocab", new float[] {0.5f}, List.of(), embedding, Instant.EPOCH, 1f);
    }

    @Test
    void keepsOnlyTheNewestAndFindsNeighboursOfTheSameVersionMostSimilarFirst() {
        final TagVectorIndex index = new TagVectorIndex(4);
        index.add(vector("old", 1, 1, 0));
        index.add(vector("a", 2, 1, 0));
        index.add(vector("b", 2, 0, 1));
        index.add(vector("c", 2, 1, 1));
        index.add(vector("other-version", 3, 1, 0));
        assertEquals(4, index.size());
        assertTrue(index.get("old").isEmpty(), "the oldest is dropped past the capacity");

        final List<TagVectorIndex.Neighbour> near = index.nearest(vector("query", 2, 1, 0.1f), 5);
        assertEquals(List.of("a", "c", "b"), near.stream().map(n -> n.vector().imageId()).toList(), "v3's embedding is not comparable");
        assertTrue(near.get(0).similarity() > near.get(1).similarity());
        assertEquals(1, index.nearest(vector("query", 2, 1, 0), 1).size());
        assertTrue(index.nearest(vector("no-embedding", 2, (float[]) null), 3).isEmpty());
    }

    @Test
    void aRetaggedImageMovesToTheNewestEnd() {
        final TagVectorIndex index = new TagVectorIndex(2);
        index.add(vector("a", 1, 1, 0));
        index.add(vector("b", 1, 1, 0));
        index.add(vector("a", 2, 1, 0));
        index.add(vector("c", 2, 1, 0));
        assertTrue(index.get("b").isEmpty());
        assertEquals(2, index.get("a").orElseThrow().modelVersion());
    }
}
