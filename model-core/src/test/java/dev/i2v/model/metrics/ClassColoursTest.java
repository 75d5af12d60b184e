package dev.i2v.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassColoursTest {

    @Test
    void aClassKeepsItsColourWhateverOrderTheClassesComeIn() {
        final ClassColours v1 = new ClassColours(List.of("outdoors", "indoors", "portrait"));
        final ClassColours v2 = new ClassColours(List.of("portrait", "outdoors", "indoors", "outdoors"));
        for (final String c : List.of("outdoors", "indoors", "portrait")) {
            assertEquals(v1.of(c), v2.of(c), c);
        }
        assertNotEquals(v1.of("outdoors"), v1.of("indoors"));
        assertEquals(ClassColours.NEUTRAL, v1.of("other"));
    }
}
