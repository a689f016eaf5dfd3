import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Reference images of subjects the sample model was never taught (its world has squares, triangles,
 * discs, rings, stars and crosses in single colours): a hexagon yellow above and magenta below, an
 * orange heart, a cyan crescent. Five 64 px images each, the subject a little moved and sized from one
 * to the next. Run as {@code java UnseenSubjects.java <folder>} (no build needed).
 */
public class UnseenSubjects {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        for (String subject : new String[] { "hexagon", "heart", "crescent" }) {
            Path dir = Files.createDirectories(out.resolve(subject));
            for (int i = 0; i < 5; i++) {
                BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                int grey = 95 + 12 * i;
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(0, 0, 64, 64);
                double cx = 26 + 4 * (i % 3) + (i == 4 ? 6 : 0);
                double cy = 28 + 5 * (i % 2);
                double r = 16 + 2 * (i % 3);
                draw(g, subject, cx, cy, r);
                g.dispose();
                ImageIO.write(img, "png", new File(dir.toFile(), String.format("%02d.png", i + 1)));
            }
        }
    }

    static void draw(Graphics2D g, String subject, double cx, double cy, double r) {
        switch (subject) {
        case "hexagon" -> {
            Path2D hex = new Path2D.Double();
            for (int k = 0; k < 6; k++) {
                double a = Math.PI / 3 * k;
                if (k == 0) {
                    hex.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
                } else {
                    hex.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
                }
            }
            hex.closePath();
            g.setClip(hex);
            g.setColor(new Color(240, 220, 30));
            g.fillRect(0, 0, 64, (int) cy);
            g.setColor(new Color(220, 40, 200));
            g.fillRect(0, (int) cy, 64, 64);
            g.setClip(null);
        }
        case "heart" -> {
            Area heart = new Area(new Ellipse2D.Double(cx - r, cy - r * 0.8, r, r));
            heart.add(new Area(new Ellipse2D.Double(cx, cy - r * 0.8, r, r)));
            Path2D tip = new Path2D.Double();
            tip.moveTo(cx - r * 0.97, cy - r * 0.1);
            tip.lineTo(cx + r * 0.97, cy - r * 0.1);
            tip.lineTo(cx, cy + r);
            tip.closePath();
            heart.add(new Area(tip));
            fill(g, heart, new Color(250, 130, 20));
        }
        default -> {
            Area moon = new Area(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
            moon.subtract(new Area(new Ellipse2D.Double(cx - r * 0.45, cy - r * 1.05, 2 * r, 2 * r)));
            fill(g, moon, new Color(30, 220, 230));
        }
        }
    }

    static void fill(Graphics2D g, Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
    }
}
