package dev.i2v.crawler.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints a {@link Scene} with Java2D on a 256-unit canvas scaled to the requested size: flat
 * colours, dark outlines, big shapes, so that each tag is a clear visual cue even at 64 px.
 */
final class ScenePainter {

    static final Color[] OUTFIT_COLOURS = {
        new Color(90, 120, 200), new Color(248, 248, 248), new Color(60, 60, 70),
        new Color(200, 160, 220), new Color(250, 180, 120), new Color(120, 190, 150)};
    static final Color[] ACCESSORY_COLOURS = {
        new Color(230, 60, 100), new Color(60, 90, 200), new Color(250, 250, 250), new Color(250, 200, 60)};
    static final Color[] HAT_COLOURS = {
        new Color(70, 55, 45), new Color(230, 200, 140), new Color(80, 100, 180), new Color(200, 70, 90)};
    static final Color[][] GRADIENTS = {
        {new Color(255, 225, 240), new Color(210, 220, 255)},
        {new Color(255, 245, 210), new Color(255, 205, 190)},
        {new Color(215, 245, 235), new Color(200, 215, 250)}};

    static final Color SKIN = new Color(255, 226, 204);
    static final Color OUTLINE = new Color(60, 40, 40);
    static final Color GLASSES = new Color(110, 30, 40);
    static final Color HALO = new Color(255, 240, 120);
    static final Color WITCH_HAT = new Color(50, 30, 80);
    static final Color BLUSH = new Color(250, 150, 160);
    static final Color MOUTH = new Color(180, 60, 70);
    static final Color NAVY = new Color(40, 50, 100);
    static final Color NECKERCHIEF = new Color(200, 30, 70);
    static final Color SWIMSUIT = new Color(30, 60, 140);
    static final Color GRASS_DAY = new Color(110, 190, 80);
    static final Color GRASS_NIGHT = new Color(30, 70, 40);
    static final Color CLOUD = new Color(248, 250, 255);
    static final Color TRUNK = new Color(95, 60, 35);
    static final Color LEAVES = new Color(50, 130, 60);
    static final Color MOON = new Color(245, 240, 200);
    static final Color STAR = new Color(250, 200, 40);
    static final Color HEART = new Color(240, 80, 120);
    static final Color FLOOR = new Color(160, 110, 70);
    static final Color WINDOW_GLASS = new Color(170, 210, 240);
    static final Color BOOK = new Color(60, 110, 90);

    /** The horizon of outdoor scenes and the floor line of indoor ones, in canvas units. */
    static final double HORIZON = 170;
    /** Decorations keep this far from the edges, so the corners always show the bare background. */
    static final double MARGIN = 16;

    private ScenePainter() {
    }

    static BufferedImage paint(final Scene scene, final int sizePx, final SplittableRandom jitter) {
        final BufferedImage image = new BufferedImage(sizePx, sizePx, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(sizePx / 256.0, sizePx / 256.0);
            background(g, scene, jitter);
            final int n = scene.figures().size();
            for (int i = 0; i < n; i++) {
                final double cx = (i + 0.5) * 256.0 / n + (jitter.nextDouble() - 0.5) * (n == 1 ? 24 : 8);
                final double r;
                final double cy;
                if (scene.upperBody()) {
                    r = n == 1 ? 60 : 44;
                    cy = n == 1 ? 112 : 124;
                } else {
                    r = n == 1 ? 34 : n == 2 ? 28 : 22;
                    cy = 240 - 4.1 * r;
                }
                figure(g, scene.figures().get(i), cx, cy, r, scene.upperBody());
            }
        } finally {
            g.dispose();
        }
        if (scene.greyscale()) {
            toGreyscale(image);
        }
        return image;
    }

    private static void background(final Graphics2D g, final Scene scene, final SplittableRandom jitter) {
        final Scene.Background b = scene.background();
        final Scene.Extras x = scene.extras();
        switch (b) {
            case GRADIENT -> {
                final Color[] pair = GRADIENTS[x.gradientPair()];
                g.setPaint(new GradientPaint(0, 0, pair[0], 0, 256, pair[1]));
                g.fill(new Rectangle2D.Double(0, 0, 256, 256));
            }
            case OUTDOORS_DAY, OUTDOORS_NIGHT -> {
                final boolean day = b == Scene.Background.OUTDOORS_DAY;
                g.setPaint(new GradientPaint(0, 0, b.colour, 0, (float) HORIZON,
                        day ? new Color(190, 225, 250) : new Color(40, 50, 110)));
                g.fill(new Rectangle2D.Double(0, 0, 256, HORIZON));
                if (x.stars()) {
                    for (int i = 0; i < 14; i++) {
                        fill(g, Color.WHITE, new Ellipse2D.Double(MARGIN + jitter.nextDouble() * 224,
                                MARGIN + jitter.nextDouble() * (HORIZON - 2 * MARGIN), 3, 3));
                    }
                }
                if (x.moon()) {
                    final double mx = 40 + jitter.nextDouble() * 170;
                    fill(g, MOON, new Ellipse2D.Double(mx, 24, 34, 34));
                }
                if (x.clouds()) {
                    for (int i = 0; i < 2; i++) {
                        final double cx = MARGIN + 20 + jitter.nextDouble() * 150;
                        final double cy = 30 + jitter.nextDouble() * 70;
                        fill(g, CLOUD, new Ellipse2D.Double(cx, cy, 50, 22));
                        fill(g, CLOUD, new Ellipse2D.Double(cx + 12, cy - 10, 28, 24));
                    }
                }
                g.setColor(day ? GRASS_DAY : GRASS_NIGHT);
                g.fill(new Rectangle2D.Double(0, HORIZON, 256, 256 - HORIZON));
                if (x.tree()) {
                    final double tx = jitter.nextBoolean() ? 30 : 196;
                    fill(g, TRUNK, new Rectangle2D.Double(tx - 7, 110, 14, 70));
                    fill(g, LEAVES, new Ellipse2D.Double(tx - 32, 62, 64, 62));
                }
                if (x.flowers()) {
                    for (int i = 0; i < 7; i++) {
                        flower(g, MARGIN + jitter.nextDouble() * 224, HORIZON + 8 + jitter.nextDouble() * 60);
                    }
                }
            }
            case INDOORS -> {
                fill(g, b.colour, new Rectangle2D.Double(0, 0, 256, HORIZON + 20));
                fill(g, FLOOR, new Rectangle2D.Double(0, HORIZON + 20, 256, 256));
                g.setColor(OUTLINE);
                g.setStroke(new BasicStroke(1.5f));
                for (double y = HORIZON + 32; y < 256; y += 16) {
                    g.draw(new Line2D.Double(0, y, 256, y));
                }
                if (x.window()) {
                    final double wx = 30 + jitter.nextDouble() * 130;
                    fill(g, new Color(245, 245, 245), new Rectangle2D.Double(wx - 4, 26, 84, 74));
                    fill(g, WINDOW_GLASS, new Rectangle2D.Double(wx, 30, 76, 66));
                    fill(g, new Color(245, 245, 245), new Rectangle2D.Double(wx + 36, 30, 4, 66));
                    fill(g, new Color(245, 245, 245), new Rectangle2D.Double(wx, 61, 76, 4));
                }
            }
            default -> fill(g, b.colour, new Rectangle2D.Double(0, 0, 256, 256));
        }
        if (x.hearts()) {
            for (int i = 0; i < 6; i++) {
                fill(g, HEART, heart(MARGIN + 8 + jitter.nextDouble() * 200, MARGIN + 8 + jitter.nextDouble() * 200, 14));
            }
        }
        if (x.starSymbols()) {
            for (int i = 0; i < 6; i++) {
                fill(g, STAR, star(MARGIN + 8 + jitter.nextDouble() * 200, MARGIN + 8 + jitter.nextDouble() * 200, 10));
            }
        }
    }

    private static void figure(final Graphics2D g, final Scene.Figure f, final double cx, final double cy,
                               final double r, final boolean upperBody) {
        final Color hair = f.hair().colour;
        final BasicStroke outline = new BasicStroke((float) Math.max(1.2, r * 0.05));
        g.setStroke(outline);

        // hair behind the head
        switch (f.style()) {
            case LONG -> outlined(g, hair, new RoundRectangle2D.Double(cx - 1.15 * r, cy - 1.05 * r, 2.3 * r,
                    upperBody ? 2.9 * r : 2.5 * r, 0.9 * r, 0.9 * r));
            case TWINTAILS -> {
                outlined(g, hair, new Ellipse2D.Double(cx - 1.65 * r, cy - 0.5 * r, 0.7 * r, 2.1 * r));
                outlined(g, hair, new Ellipse2D.Double(cx + 0.95 * r, cy - 0.5 * r, 0.7 * r, 2.1 * r));
                outlined(g, hair, new Ellipse2D.Double(cx - 1.08 * r, cy - 1.1 * r, 2.16 * r, 1.9 * r));
            }
            case PONYTAIL -> {
                outlined(g, hair, new Ellipse2D.Double(cx + 0.6 * r, cy - 0.9 * r, 0.75 * r, 2.0 * r));
                outlined(g, hair, new Ellipse2D.Double(cx - 1.08 * r, cy - 1.1 * r, 2.16 * r, 1.9 * r));
            }
            case SHORT -> outlined(g, hair, new Ellipse2D.Double(cx - 1.08 * r, cy - 1.1 * r, 2.16 * r, 1.9 * r));
        }

        body(g, f, cx, cy, r, upperBody);

        // head and fringe
        outlined(g, SKIN, new Ellipse2D.Double(cx - 0.88 * r, cy - 0.95 * r, 1.76 * r, 1.9 * r));
        final Path2D fringe = new Path2D.Double();
        fringe.moveTo(cx - 0.95 * r, cy + 0.1 * r);
        fringe.curveTo(cx - 1.0 * r, cy - 1.3 * r, cx + 1.0 * r, cy - 1.3 * r, cx + 0.95 * r, cy + 0.1 * r);
        fringe.lineTo(cx + 0.7 * r, cy - 0.3 * r);
        fringe.lineTo(cx + 0.4 * r, cy - 0.15 * r);
        fringe.lineTo(cx + 0.15 * r, cy - 0.4 * r);
        fringe.lineTo(cx - 0.15 * r, cy - 0.2 * r);
        fringe.lineTo(cx - 0.45 * r, cy - 0.4 * r);
        fringe.lineTo(cx - 0.7 * r, cy - 0.2 * r);
        fringe.closePath();
        outlined(g, hair, fringe);

        face(g, f, cx, cy, r);
        headwear(g, f, cx, cy, r);
        if (f.hairRibbon()) {
            g.setStroke(outline);
            final Color c = ACCESSORY_COLOURS[f.accessoryColour()];
            final double bx = cx - 0.75 * r;
            final double by = cy - 0.7 * r;
            final Path2D bow = new Path2D.Double();
            bow.moveTo(bx, by);
            bow.lineTo(bx - 0.45 * r, by - 0.3 * r);
            bow.lineTo(bx - 0.45 * r, by + 0.3 * r);
            bow.closePath();
            bow.moveTo(bx, by);
            bow.lineTo(bx + 0.45 * r, by - 0.3 * r);
            bow.lineTo(bx + 0.45 * r, by + 0.3 * r);
            bow.closePath();
            outlined(g, c, bow);
            outlined(g, c, new Ellipse2D.Double(bx - 0.1 * r, by - 0.1 * r, 0.2 * r, 0.2 * r));
        }
    }

    private static void body(final Graphics2D g, final Scene.Figure f, final double cx, final double cy,
                             final double r, final boolean upperBody) {
        final Color clothes = f.outfit() == Scene.Outfit.SERAFUKU ? new Color(248, 248, 248) : OUTFIT_COLOURS[f.outfitColour()];
        final double top = cy + 0.85 * r;
        fill(g, SKIN, new Rectangle2D.Double(cx - 0.2 * r, cy + 0.6 * r, 0.4 * r, 0.5 * r));
        if (upperBody) {
            final Shape torso = new RoundRectangle2D.Double(cx - 1.1 * r, top + 0.2 * r, 2.2 * r, 3 * r, 0.8 * r, 0.8 * r);
            switch (f.outfit()) {
                case SWIMSUIT -> {
                    outlined(g, SKIN, torso);
                    outlined(g, SWIMSUIT, new RoundRectangle2D.Double(cx - 0.8 * r, top + 0.8 * r, 1.6 * r, 3 * r, 0.4 * r, 0.4 * r));
                }
                case DRESS -> {
                    outlined(g, clothes, torso);
                    outlined(g, SKIN, new Ellipse2D.Double(cx - 0.45 * r, top - 0.05 * r, 0.9 * r, 0.6 * r));
                }
                default -> outlined(g, clothes, torso);
            }
        } else {
            final double waist = top + 1.5 * r;
            final double feet = cy + 3.9 * r;
            for (final double side : new double[] {-1, 1}) {
                fill(g, SKIN, new Rectangle2D.Double(cx + side * 0.3 * r - 0.14 * r, waist, 0.28 * r, feet - waist));
                fill(g, OUTLINE, new RoundRectangle2D.Double(cx + side * 0.3 * r - 0.2 * r, feet - 0.1 * r, 0.4 * r, 0.25 * r, 0.1 * r, 0.1 * r));
            }
            final Path2D torso = trapezoid(cx, top, 1.4 * r, 1.6 * r, 1.5 * r);
            switch (f.outfit()) {
                case DRESS -> outlined(g, clothes, trapezoid(cx, top, 1.3 * r, 2.4 * r, 2.3 * r));
                case SWIMSUIT -> {
                    outlined(g, SKIN, torso);
                    outlined(g, SWIMSUIT, trapezoid(cx, top + 0.5 * r, 1.2 * r, 1.5 * r, 1.2 * r));
                }
                case SERAFUKU -> {
                    outlined(g, NAVY, trapezoid(cx, waist - 0.1 * r, 1.5 * r, 2.1 * r, 0.9 * r));
                    outlined(g, clothes, torso);
                }
                default -> {
                    outlined(g, OUTLINE, trapezoid(cx, waist - 0.1 * r, 1.5 * r, 2.0 * r, 0.8 * r));
                    outlined(g, clothes, torso);
                }
            }
        }
        // collars: a sailor collar and neckerchief, or a white shirt collar
        if (f.outfit() == Scene.Outfit.SERAFUKU) {
            final Path2D collar = new Path2D.Double();
            collar.moveTo(cx - 0.75 * r, top + 0.05 * r);
            collar.lineTo(cx + 0.75 * r, top + 0.05 * r);
            collar.lineTo(cx, top + 0.9 * r);
            collar.closePath();
            outlined(g, NAVY, collar);
            final Path2D scarf = new Path2D.Double();
            scarf.moveTo(cx - 0.3 * r, top + 0.55 * r);
            scarf.lineTo(cx + 0.3 * r, top + 0.55 * r);
            scarf.lineTo(cx, top + 1.1 * r);
            scarf.closePath();
            outlined(g, NECKERCHIEF, scarf);
        } else if (f.outfit() == Scene.Outfit.SHIRT) {
            final Path2D collar = new Path2D.Double();
            collar.moveTo(cx - 0.4 * r, top);
            collar.lineTo(cx, top + 0.35 * r);
            collar.lineTo(cx + 0.4 * r, top);
            collar.lineTo(cx + 0.3 * r, top + 0.4 * r);
            collar.lineTo(cx, top + 0.5 * r);
            collar.lineTo(cx - 0.3 * r, top + 0.4 * r);
            collar.closePath();
            outlined(g, new Color(248, 248, 248), collar);
        }
        if (f.holdingBook()) {
            final double by = top + (upperBody ? 1.0 : 0.6) * r;
            outlined(g, BOOK, new Rectangle2D.Double(cx - 0.55 * r, by, 1.1 * r, 0.8 * r));
            fill(g, new Color(248, 248, 248), new Rectangle2D.Double(cx - 0.5 * r, by + 0.62 * r, 1.0 * r, 0.12 * r));
            outlined(g, SKIN, new Ellipse2D.Double(cx - 0.7 * r, by + 0.3 * r, 0.3 * r, 0.3 * r));
            outlined(g, SKIN, new Ellipse2D.Double(cx + 0.4 * r, by + 0.3 * r, 0.3 * r, 0.3 * r));
        }
    }

    private static void face(final Graphics2D g, final Scene.Figure f, final double cx, final double cy, final double r) {
        final double ey = cy + 0.2 * r;
        for (final double side : new double[] {-1, 1}) {
            final double ex = cx + side * 0.38 * r;
            if (f.eyesClosed()) {
                g.setColor(OUTLINE);
                g.setStroke(new BasicStroke((float) Math.max(1.2, r * 0.07), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Arc2D.Double(ex - 0.18 * r, ey - 0.15 * r, 0.36 * r, 0.3 * r, 180, 180, Arc2D.OPEN));
            } else {
                fill(g, Color.WHITE, new Ellipse2D.Double(ex - 0.17 * r, ey - 0.24 * r, 0.34 * r, 0.46 * r));
                fill(g, f.eyes().colour, new Ellipse2D.Double(ex - 0.14 * r, ey - 0.18 * r, 0.28 * r, 0.38 * r));
                fill(g, f.eyes().colour.darker().darker(), new Ellipse2D.Double(ex - 0.07 * r, ey - 0.05 * r, 0.14 * r, 0.18 * r));
                fill(g, Color.WHITE, new Ellipse2D.Double(ex - 0.1 * r, ey - 0.14 * r, 0.08 * r, 0.08 * r));
            }
        }
        if (f.blush()) {
            for (final double side : new double[] {-1, 1}) {
                fill(g, BLUSH, new Ellipse2D.Double(cx + side * 0.55 * r - 0.17 * r, cy + 0.42 * r, 0.34 * r, 0.14 * r));
            }
        }
        final double my = cy + 0.62 * r;
        g.setColor(OUTLINE);
        g.setStroke(new BasicStroke((float) Math.max(1.0, r * 0.05), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (f.openMouth()) {
            final Shape mouth = f.smile()
                    ? new Arc2D.Double(cx - 0.17 * r, my - 0.15 * r, 0.34 * r, 0.3 * r, 180, 180, Arc2D.CHORD)
                    : new Ellipse2D.Double(cx - 0.11 * r, my - 0.1 * r, 0.22 * r, 0.2 * r);
            outlined(g, MOUTH, mouth);
        } else if (f.smile()) {
            g.draw(new Arc2D.Double(cx - 0.2 * r, my - 0.18 * r, 0.4 * r, 0.3 * r, 200, 140, Arc2D.OPEN));
        } else {
            g.draw(new Line2D.Double(cx - 0.08 * r, my, cx + 0.08 * r, my));
        }
        if (f.glasses()) {
            g.setColor(GLASSES);
            g.setStroke(new BasicStroke((float) Math.max(1.2, r * 0.07)));
            for (final double side : new double[] {-1, 1}) {
                g.draw(new RoundRectangle2D.Double(cx + side * 0.38 * r - 0.25 * r, ey - 0.25 * r, 0.5 * r, 0.45 * r, 0.12 * r, 0.12 * r));
            }
            g.draw(new Line2D.Double(cx - 0.13 * r, ey - 0.05 * r, cx + 0.13 * r, ey - 0.05 * r));
        }
    }

    private static void headwear(final Graphics2D g, final Scene.Figure f, final double cx, final double cy, final double r) {
        g.setStroke(new BasicStroke((float) Math.max(1.2, r * 0.05)));
        switch (f.headwear()) {
            case HAT -> {
                final Color c = HAT_COLOURS[f.accessoryColour()];
                outlined(g, c, new RoundRectangle2D.Double(cx - 0.75 * r, cy - 1.6 * r, 1.5 * r, 0.85 * r, 0.4 * r, 0.4 * r));
                outlined(g, c, new Ellipse2D.Double(cx - 1.35 * r, cy - 0.95 * r, 2.7 * r, 0.4 * r));
                fill(g, ACCESSORY_COLOURS[(f.accessoryColour() + 1) % ACCESSORY_COLOURS.length],
                        new Rectangle2D.Double(cx - 0.73 * r, cy - 1.0 * r, 1.46 * r, 0.18 * r));
            }
            case WITCH_HAT -> {
                final Path2D cone = new Path2D.Double();
                cone.moveTo(cx - 0.75 * r, cy - 0.8 * r);
                cone.lineTo(cx + 0.35 * r, cy - 2.3 * r);
                cone.lineTo(cx + 0.75 * r, cy - 0.8 * r);
                cone.closePath();
                outlined(g, WITCH_HAT, cone);
                outlined(g, WITCH_HAT, new Ellipse2D.Double(cx - 1.45 * r, cy - 0.98 * r, 2.9 * r, 0.42 * r));
            }
            case HAIRBAND -> {
                g.setColor(ACCESSORY_COLOURS[f.accessoryColour()]);
                g.setStroke(new BasicStroke((float) (0.16 * r)));
                g.draw(new Arc2D.Double(cx - 0.95 * r, cy - 1.0 * r, 1.9 * r, 1.5 * r, 15, 150, Arc2D.OPEN));
            }
            case CAT_EARS -> {
                for (final double side : new double[] {-1, 1}) {
                    final Path2D ear = new Path2D.Double();
                    ear.moveTo(cx + side * 0.25 * r, cy - 0.95 * r);
                    ear.lineTo(cx + side * 0.85 * r, cy - 1.55 * r);
                    ear.lineTo(cx + side * 0.9 * r, cy - 0.5 * r);
                    ear.closePath();
                    outlined(g, f.hair().colour, ear);
                    final Path2D inner = new Path2D.Double();
                    inner.moveTo(cx + side * 0.45 * r, cy - 0.9 * r);
                    inner.lineTo(cx + side * 0.8 * r, cy - 1.3 * r);
                    inner.lineTo(cx + side * 0.82 * r, cy - 0.75 * r);
                    inner.closePath();
                    fill(g, BLUSH, inner);
                }
            }
            case HALO -> {
                g.setColor(HALO);
                g.setStroke(new BasicStroke((float) (0.13 * r)));
                g.draw(new Ellipse2D.Double(cx - 0.6 * r, cy - 1.55 * r, 1.2 * r, 0.35 * r));
            }
            case HEADPHONES -> {
                g.setColor(new Color(70, 70, 80));
                g.setStroke(new BasicStroke((float) (0.12 * r)));
                g.draw(new Arc2D.Double(cx - 1.0 * r, cy - 1.15 * r, 2.0 * r, 2.0 * r, 0, 180, Arc2D.OPEN));
                for (final double side : new double[] {-1, 1}) {
                    outlined(g, ACCESSORY_COLOURS[f.accessoryColour()], new RoundRectangle2D.Double(
                            cx + side * 0.95 * r - 0.18 * r, cy - 0.25 * r, 0.36 * r, 0.55 * r, 0.15 * r, 0.15 * r));
                }
            }
            case NONE -> {
                // bare head
            }
        }
    }

    private static Path2D trapezoid(final double cx, final double top, final double topWidth,
                                    final double bottomWidth, final double height) {
        final Path2D p = new Path2D.Double();
        p.moveTo(cx - topWidth / 2, top);
        p.lineTo(cx + topWidth / 2, top);
        p.lineTo(cx + bottomWidth / 2, top + height);
        p.lineTo(cx - bottomWidth / 2, top + height);
        p.closePath();
        return p;
    }

    private static Path2D heart(final double x, final double y, final double s) {
        final Path2D p = new Path2D.Double();
        p.moveTo(x, y + s * 0.35);
        p.curveTo(x, y - s * 0.1, x - s * 0.6, y - s * 0.1, x - s * 0.6, y + s * 0.3);
        p.curveTo(x - s * 0.6, y + s * 0.6, x - s * 0.2, y + s * 0.8, x, y + s);
        p.curveTo(x + s * 0.2, y + s * 0.8, x + s * 0.6, y + s * 0.6, x + s * 0.6, y + s * 0.3);
        p.curveTo(x + s * 0.6, y - s * 0.1, x, y - s * 0.1, x, y + s * 0.35);
        p.closePath();
        return p;
    }

    private static Path2D star(final double x, final double y, final double outer) {
        final Path2D p = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            final double radius = i % 2 == 0 ? outer : outer * 0.45;
            final double a = -Math.PI / 2 + i * Math.PI / 5;
            if (i == 0) {
                p.moveTo(x + radius * Math.cos(a), y + radius * Math.sin(a));
            } else {
                p.lineTo(x + radius * Math.cos(a), y + radius * Math.sin(a));
            }
        }
        p.closePath();
        return p;
    }

    private static void flower(final Graphics2D g, final double x, final double y) {
        for (int i = 0; i < 5; i++) {
            final double a = i * 2 * Math.PI / 5;
            fill(g, Color.WHITE, new Ellipse2D.Double(x + 4 * Math.cos(a) - 3, y + 4 * Math.sin(a) - 3, 6, 6));
        }
        fill(g, STAR, new Ellipse2D.Double(x - 2.5, y - 2.5, 5, 5));
    }

    private static void fill(final Graphics2D g, final Color c, final Shape s) {
        g.setColor(c);
        g.fill(s);
    }

    private static void outlined(final Graphics2D g, final Color c, final Shape s) {
        g.setColor(c);
        g.fill(s);
        g.setColor(OUTLINE);
        g.draw(s);
    }

    private static void toGreyscale(final BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                final int rgb = image.getRGB(x, y);
                final int luma = (int) Math.round(0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff));
                image.setRGB(x, y, luma << 16 | luma << 8 | luma);
            }
        }
    }
}
