package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.RgbFrame;

/**
 * The contact sheet written a row of tiles at a time (its own PNG encoder) is, pixel for pixel, the
 * sheet drawn whole on one image as it was before it streamed.
 */
class ContactSheetWriterTest {

    private static final ContactSheet.Overlay MARK = (g, i) -> {
        g.setColor(Color.RED);
        g.fillRect(10 + 3 * i, 20, 40, 30);
    };

    @Test
    void streamedSheetEqualsTheSheetDrawnWhole() throws Exception {
        for (int[] size : new int[][] { { 64, 48, 6 }, { 640, 360, 9 }, { 96, 96, 1 } }) {
            List<RgbFrame> frames = new ArrayList<>();
            for (int i = 0; i < size[2]; i++) {
                frames.add(TestVideos.frame(i, size[0], size[1]));
            }
            BufferedImage got = ImageIO.read(new ByteArrayInputStream(ContactSheet.png(frames, MARK)));
            BufferedImage want = drawnWhole(frames, MARK);
            assertEquals(want.getWidth(), got.getWidth(), "width");
            assertEquals(want.getHeight(), got.getHeight(), "height");
            for (int y = 0; y < want.getHeight(); y++) {
                for (int x = 0; x < want.getWidth(); x++) {
                    assertEquals(want.getRGB(x, y), got.getRGB(x, y), size[0] + "x" + size[1] + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aWriterRefusesToEndShortOrToTakeTooMany() throws Exception {
        ContactSheet.Writer w = ContactSheet.writer(new ByteArrayOutputStream(), 2, 64, 48, null);
        w.add(TestVideos.frame(0, 64, 48));
        assertThrows(IllegalStateException.class, w::finish);
        w.add(TestVideos.frame(1, 64, 48));
        assertThrows(IllegalStateException.class, () -> w.add(TestVideos.frame(2, 64, 48)));
        w.finish();
    }

    /** The sheet as ContactSheet drew it before it streamed: every tile on one whole image. */
    private static BufferedImage drawnWhole(List<RgbFrame> frames, ContactSheet.Overlay overlay) {
        int gap = 4;
        int cols = Math.min(4, frames.size());
        int rows = (frames.size() + cols - 1) / cols;
        RgbFrame first = frames.get(0);
        double scale = Math.min(1.0, 256.0 / first.width());
        int tw = (int) Math.round(first.width() * scale);
        int th = (int) Math.round(first.height() * scale);
        BufferedImage sheet = new BufferedImage(cols * (tw + gap) + gap, rows * (th + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < frames.size(); i++) {
            Graphics2D tile = (Graphics2D) g.create(gap + (i % cols) * (tw + gap), gap + (i / cols) * (th + gap), tw, th);
            tile.scale(scale, scale);
            tile.drawImage(image(frames.get(i)), 0, 0, null);
            overlay.paint(tile, i);
            tile.dispose();
        }
        g.dispose();
        return sheet;
    }

    private static BufferedImage image(RgbFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int[] p = f.pixel(x, y);
                img.setRGB(x, y, p[0] << 16 | p[1] << 8 | p[2]);
            }
        }
        return img;
    }
}
