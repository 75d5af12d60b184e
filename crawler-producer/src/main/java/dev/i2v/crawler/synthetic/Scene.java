package dev.i2v.crawler.synthetic;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * What one synthetic illustration shows. The tags are derived from this description and the
 * picture is painted from it, so the two always agree.
 */
record Scene(Background background, Extras extras, List<Figure> figures, boolean upperBody, boolean greyscale) {

    /** Copyright tag every synthetic picture carries, as Danbooru tags original art. */
    static final String COPYRIGHT = "original";

    /** Hair colours with Danbooru-like frequencies (brown, black and blonde common, orange rare). */
    enum HairColour {
        BROWN("brown_hair", new Color(122, 74, 42), 20),
        BLACK("black_hair", new Color(34, 34, 42), 18),
        BLONDE("blonde_hair", new Color(242, 208, 90), 18),
        WHITE("white_hair", new Color(232, 232, 236), 8),
        BLUE("blue_hair", new Color(58, 110, 224), 8),
        PINK("pink_hair", new Color(244, 140, 192), 8),
        RED("red_hair", new Color(208, 40, 40), 6),
        PURPLE("purple_hair", new Color(138, 74, 200), 5),
        GREY("grey_hair", new Color(154, 154, 162), 4),
        GREEN("green_hair", new Color(58, 168, 74), 3),
        ORANGE("orange_hair", new Color(240, 138, 32), 2);

        final String tag;
        final Color colour;
        final int weight;

        HairColour(final String tag, final Color colour, final int weight) {
            this.tag = tag;
            this.colour = colour;
            this.weight = weight;
        }
    }

    enum EyeColour {
        BLUE("blue_eyes", new Color(30, 150, 250), 24),
        RED("red_eyes", new Color(200, 20, 60), 16),
        BROWN("brown_eyes", new Color(150, 90, 30), 14),
        GREEN("green_eyes", new Color(30, 170, 120), 10),
        PURPLE("purple_eyes", new Color(160, 60, 220), 8),
        YELLOW("yellow_eyes", new Color(230, 190, 20), 6);

        final String tag;
        final Color colour;
        final int weight;

        EyeColour(final String tag, final Color colour, final int weight) {
            this.tag = tag;
            this.colour = colour;
            this.weight = weight;
        }
    }

    enum HairStyle {
        LONG("long_hair", 45), SHORT("short_hair", 30), TWINTAILS("twintails", 13), PONYTAIL("ponytail", 12);

        final String tag;
        final int weight;

        HairStyle(final String tag, final int weight) {
            this.tag = tag;
            this.weight = weight;
        }
    }

    enum Headwear {
        NONE(List.of(), 55), HAT(List.of("hat"), 14), WITCH_HAT(List.of("hat", "witch_hat"), 4),
        HAIRBAND(List.of("hairband"), 10), CAT_EARS(List.of("animal_ears", "cat_ears"), 8),
        HALO(List.of("halo"), 4), HEADPHONES(List.of("headphones"), 5);

        final List<String> tags;
        final int weight;

        Headwear(final List<String> tags, final int weight) {
            this.tags = tags;
            this.weight = weight;
        }
    }

    enum Outfit {
        SHIRT(List.of("shirt"), 35), DRESS(List.of("dress"), 30),
        SERAFUKU(List.of("school_uniform", "serafuku"), 27), SWIMSUIT(List.of("swimsuit"), 8);

        final List<String> tags;
        final int weight;

        Outfit(final List<String> tags, final int weight) {
            this.tags = tags;
            this.weight = weight;
        }
    }

    enum Background {
        WHITE(List.of("white_background", "simple_background"), new Color(255, 255, 255), 24),
        BLUE(List.of("blue_background", "simple_background"), new Color(200, 220, 250), 6),
        PINK(List.of("pink_background", "simple_background"), new Color(250, 215, 230), 5),
        YELLOW(List.of("yellow_background", "simple_background"), new Color(250, 240, 190), 4),
        GREY(List.of("grey_background", "simple_background"), new Color(205, 205, 210), 5),
        GRADIENT(List.of("gradient_background"), new Color(255, 225, 240), 8),
        OUTDOORS_DAY(List.of("outdoors", "sky", "blue_sky", "day", "grass"), new Color(110, 180, 240), 26),
        OUTDOORS_NIGHT(List.of("outdoors", "night", "night_sky", "grass"), new Color(15, 20, 60), 9),
        INDOORS(List.of("indoors"), new Color(235, 215, 185), 13);

        final List<String> tags;
        /** The flat colour, or the colour at the top edge for the painted backgrounds. */
        final Color colour;
        final int weight;

        Background(final List<String> tags, final Color colour, final int weight) {
            this.tags = tags;
            this.colour = colour;
            this.weight = weight;
        }

        boolean simple() {
            return this.ordinal() <= GRADIENT.ordinal();
        }
    }

    /** Optional things in the background; which ones can appear depends on the background kind. */
    record Extras(boolean clouds, boolean tree, boolean flowers, boolean moon, boolean stars, boolean window,
                  boolean hearts, boolean starSymbols, int gradientPair) {
    }

    /** One girl in the picture. */
    record Figure(HairColour hair, HairStyle style, EyeColour eyes, boolean eyesClosed, boolean smile,
                  boolean openMouth, boolean blush, boolean glasses, Headwear headwear, boolean hairRibbon,
                  Outfit outfit, int outfitColour, int accessoryColour, boolean holdingBook) {
    }

    /** Draws a whole scene from the random stream of one picture. */
    static Scene compose(final SplittableRandom random) {
        final Background background = pick(random, Background.values(), b -> b.weight);
        final boolean scenery = background == Background.OUTDOORS_DAY || background == Background.OUTDOORS_NIGHT
                || background == Background.INDOORS;
        final int count;
        final double c = random.nextDouble();
        if (scenery && c < 0.07) {
            count = 0;
        } else if (c < 0.68) {
            count = 1;
        } else if (c < 0.90) {
            count = 2;
        } else {
            count = 3;
        }
        final Extras extras = new Extras(
                background == Background.OUTDOORS_DAY && random.nextDouble() < 0.6,
                (background == Background.OUTDOORS_DAY || background == Background.OUTDOORS_NIGHT) && random.nextDouble() < 0.35,
                background == Background.OUTDOORS_DAY && random.nextDouble() < 0.3,
                background == Background.OUTDOORS_NIGHT && random.nextDouble() < 0.6,
                background == Background.OUTDOORS_NIGHT && random.nextDouble() < 0.7,
                background == Background.INDOORS && random.nextDouble() < 0.6,
                background.simple() && random.nextDouble() < 0.15,
                background.simple() && random.nextDouble() < 0.12,
                random.nextInt(3));
        final List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            figures.add(figure(random));
        }
        final boolean upperBody = count == 1 ? random.nextDouble() < 0.55 : count == 2 && random.nextDouble() < 0.3;
        final boolean greyscale = random.nextDouble() < 0.04;
        return new Scene(background, extras, List.copyOf(figures), upperBody, greyscale);
    }

    private static Figure figure(final SplittableRandom random) {
        final boolean eyesClosed = random.nextDouble() < 0.15;
        return new Figure(
                pick(random, HairColour.values(), h -> h.weight),
                pick(random, HairStyle.values(), s -> s.weight),
                pick(random, EyeColour.values(), e -> e.weight),
                eyesClosed,
                random.nextDouble() < 0.55,
                random.nextDouble() < 0.25,
                random.nextDouble() < 0.2,
                random.nextDouble() < 0.12,
                pick(random, Headwear.values(), h -> h.weight),
                random.nextDouble() < 0.18,
                pick(random, Outfit.values(), o -> o.weight),
                random.nextInt(ScenePainter.OUTFIT_COLOURS.length),
                random.nextInt(ScenePainter.ACCESSORY_COLOURS.length),
                random.nextDouble() < 0.08);
    }

    private static <T> T pick(final SplittableRandom random, final T[] options,
                              final java.util.function.ToIntFunction<T> weight) {
        int total = 0;
        for (final T option : options) {
            total += weight.applyAsInt(option);
        }
        int r = random.nextInt(total);
        for (final T option : options) {
            r -= weight.applyAsInt(option);
            if (r < 0) {
                return option;
            }
        }
        throw new IllegalStateException("unreachable: weights changed while picking");
    }

    /** Every true tag of the picture, sorted as Danbooru sorts them (general tags; the copyright tag is separate). */
    List<String> generalTags() {
        final TreeSet<String> tags = new TreeSet<>(background.tags);
        if (extras.clouds) {
            tags.add("cloud");
        }
        if (extras.tree) {
            tags.add("tree");
        }
        if (extras.flowers) {
            tags.add("flower");
        }
        if (extras.moon) {
            tags.add("moon");
        }
        if (extras.stars) {
            tags.add("starry_sky");
        }
        if (extras.window) {
            tags.add("window");
        }
        if (extras.hearts) {
            tags.add("heart");
        }
        if (extras.starSymbols) {
            tags.add("star_(symbol)");
        }
        switch (figures.size()) {
            case 0 -> tags.add("no_humans");
            case 1 -> tags.addAll(List.of("1girl", "solo"));
            case 2 -> tags.addAll(List.of("2girls", "multiple_girls"));
            default -> tags.addAll(List.of("3girls", "multiple_girls"));
        }
        if (!figures.isEmpty()) {
            tags.add(upperBody ? "upper_body" : "full_body");
        }
        for (final Figure f : figures) {
            tags.add(f.hair.tag);
            tags.add(f.style.tag);
            if (f.eyesClosed) {
                tags.add("closed_eyes");
            } else {
                tags.add(f.eyes.tag);
            }
            if (f.smile) {
                tags.add("smile");
            }
            if (f.openMouth) {
                tags.add("open_mouth");
            }
            if (f.blush) {
                tags.add("blush");
            }
            if (f.glasses) {
                tags.add("glasses");
            }
            tags.addAll(f.headwear.tags);
            if (f.hairRibbon) {
                tags.add("hair_ribbon");
            }
            tags.addAll(f.outfit.tags);
            if (f.holdingBook) {
                tags.addAll(List.of("holding", "book"));
            }
        }
        if (greyscale) {
            // colour cannot be seen in a greyscale picture, so boorus do not tag it
            tags.removeIf(Scene::namesAColour);
            tags.addAll(List.of("greyscale", "monochrome"));
        }
        return List.copyOf(tags);
    }

    static boolean namesAColour(final String tag) {
        return tag.endsWith("_hair") && !tag.equals("long_hair") && !tag.equals("short_hair")
                || tag.endsWith("_eyes") && !tag.equals("closed_eyes")
                || tag.endsWith("_background") && !tag.equals("simple_background") && !tag.equals("gradient_background")
                || tag.equals("blue_sky");
    }

    /** "sensitive" when a swimsuit is shown, as boorus rate it; "general" otherwise. */
    String rating() {
        return figures.stream().anyMatch(f -> f.outfit == Outfit.SWIMSUIT) ? "sensitive" : "general";
    }

    /** Every general tag any scene can produce, sorted. */
    static List<String> allGeneralTags() {
        final TreeSet<String> tags = new TreeSet<>();
        for (final Background b : Background.values()) {
            tags.addAll(b.tags);
        }
        tags.addAll(List.of("cloud", "tree", "flower", "moon", "starry_sky", "window", "heart", "star_(symbol)",
                "no_humans", "1girl", "solo", "2girls", "3girls", "multiple_girls", "upper_body", "full_body",
                "closed_eyes", "smile", "open_mouth", "blush", "glasses", "hair_ribbon", "holding", "book",
                "greyscale", "monochrome"));
        for (final HairColour h : HairColour.values()) {
            tags.add(h.tag);
        }
        for (final HairStyle s : HairStyle.values()) {
            tags.add(s.tag);
        }
        for (final EyeColour e : EyeColour.values()) {
            tags.add(e.tag);
        }
        for (final Headwear h : Headwear.values()) {
            tags.addAll(h.tags);
        }
        for (final Outfit o : Outfit.values()) {
            tags.addAll(o.tags);
        }
        return List.copyOf(tags);
    }
}
