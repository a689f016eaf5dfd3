package io.vswap.concepts.tests;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/** Reference images of a subject the sample model was never taught: a hexagon, yellow above and magenta below. */
final class ReferenceShapes {

    private ReferenceShapes() {
    }

    /** {@code n} images, {@code side} px, the hexagon a little moved and sized from one to the next. */
    static List<Path> hexagons(Path dir, int n, int side) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(110, 110, 110));
            g.fillRect(0, 0, side, side);
            double cx = side * (0.45 + 0.05 * (i % 3));
            double cy = side * (0.5 + 0.04 * ((i + 1) % 2));
            double r = side * (0.28 + 0.03 * (i % 2));
            Polygon hex = new Polygon();
            for (int k = 0; k < 6; k++) {
                hex.addPoint((int) Math.round(cx + r * Math.cos(Math.PI / 3 * k)),
                        (int) Math.round(cy + r * Math.sin(Math.PI / 3 * k)));
            }
            g.setClip(hex);
            g.setColor(new Color(240, 220, 30));
            g.fillRect(0, 0, side, (int) cy);
            g.setColor(new Color(220, 40, 200));
            g.fillRect(0, (int) cy, side, side);
            g.dispose();
            Path p = dir.resolve(String.format("hexagon-%02d.png", i + 1));
            ImageIO.write(img, "png", p.toFile());
            out.add(p);
        }
        return out;
    }
}
