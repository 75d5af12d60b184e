package dev.i2v.model.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.i2v.model.testing.HostileCorpus;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagLabelsTest {

    private static ImageEvent post(final String rating) {
        final ImageEvent e = HostileCorpus.event("danbooru:1", new byte[] {1}, null, List.of());
        e.setTags(List.of(new Tag("1girl", "general"), new Tag("hatsune_miku", "character"), new Tag("vocaloid", "copyright"),
                new Tag("some_artist", "artist"), new Tag("highres", "meta"), new Tag("smile", "unheard_of")));
        e.setRating(rating);
        return e;
    }

    @Test
    void keepsKindsApartByPrefixAndAddsTheRating() {
        assertEquals(List.of("1girl", "character:hatsune_miku", "copyright:vocaloid", "smile", "rating:sensitive"),
                TagLabels.of(post("s"), TagLabels.parseKinds("general,character,copyright,rating")));
    }

    @Test
    void leavesOutKindsNotWantedAndRatingsNotKnown() {
        assertEquals(List.of("1girl", "artist:some_artist", "smile"), TagLabels.of(post("x-rated"), Set.of("general", "artist")));
        assertEquals(List.of("1girl", "smile"), TagLabels.of(post(null), Set.of("general", "rating")));
    }

    @Test
    void readsTheKindBackFromALabel() {
        assertEquals("character", TagLabels.kind("character:hatsune_miku"));
        assertEquals("hatsune_miku", TagLabels.name("character:hatsune_miku"));
        assertEquals("rating", TagLabels.kind("rating:general"));
        // colons inside general tags are not kinds
        assertEquals("general", TagLabels.kind(":d"));
        assertEquals("general", TagLabels.kind("re:zero"));
        assertEquals("re:zero", TagLabels.name("re:zero"));
    }

    @Test
    void refusesUnknownKinds() {
        assertThrows(IllegalArgumentException.class, () -> TagLabels.parseKinds("general,style"));
        assertThrows(IllegalArgumentException.class, () -> TagLabels.parseKinds(" , "));
    }
}
