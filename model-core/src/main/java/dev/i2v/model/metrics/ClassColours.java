package dev.i2v.model.metrics;

import java.awt.Color;
import java.util.Collection;
import java.util.List;

/**
 * One colour per class for plots, from the class's place among all class names sorted: the same class
 * keeps its colour in every version's picture, whatever order its points come in.
 */
public final class ClassColours {

    private static final Color[] PALETTE = {
        new Color(0xE41A1C), new Color(0x377EB8), new Color(0x4DAF4A), new Color(0x984EA3), new Color(0xFF7F00),
        new Color(0xA65628), new Color(0xF781BF), new Color(0x17BECF), new Color(0xBCBD22), new Color(0x1B1B7F)};
    /** For "other", "several" and "no <tag>" groups. */
    public static final Color NEUTRAL = new Color(0xBBBBBB);

    private final List<String> sorted;

    /** @param classes every class name that can appear in any of the pictures (duplicates and order do not matter) */
    public ClassColours(final Collection<String> classes) {
        this.sorted = classes.stream().distinct().sorted().toList();
    }

    /** The class's colour; {@link #NEUTRAL} for a name that is not a class. */
    public Color of(final String name) {
        final int i = sorted.indexOf(name);
        return i < 0 ? NEUTRAL : PALETTE[i % PALETTE.length];
    }
}
