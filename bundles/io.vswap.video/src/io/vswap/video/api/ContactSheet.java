package io.vswap.video.api;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Every frame of a clip in one PNG grid, to glance at a result without a player (batch
 * renders, reports). An overlay may draw on each tile in clip-pixel coordinates.
 */
public final class ContactSheet {

    /** Draws on the tile of clip frame {@code index}; {@code g} is scaled to clip pixels. */
    @FunctionalInterface
    public interface Overlay {
        void paint(Graphics2D g, int index);
    }

    private static final int GAP = 4;
    private static final int TILE = 256;

    private ContactSheet() {
    }

    /** Frames 4 to a row, each scaled so that a tile is at most {@value #TILE} pixels wide. */
    public static byte[] png(List<RgbFrame> frames, Overlay overlay) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one frame");
        }
        int cols = Math.min(4, frames.size());
        int rows = (frames.size() + cols - 1) / cols;
        RgbFrame first = frames.get(0);
        double scale = Math.min(1.0, (double) TILE / first.width());
        int tw = (int) Math.round(first.width() * scale);
        int th = (int) Math.round(first.height() * scale);
        BufferedImage sheet = new BufferedImage(cols * (tw + GAP) + GAP, rows * (th + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < frames.size(); i++) {
            RgbFrame f = frames.get(i);
            Graphics2D tile = (Graphics2D) g.create(GAP + (i % cols) * (tw + GAP), GAP + (i / cols) * (th + GAP), tw, th);
            tile.scale(scale, scale);
            tile.drawImage(toImage(f), 0, 0, null);
            if (overlay != null) {
                overlay.paint(tile, i);
            }
            tile.dispose();
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(sheet, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    static BufferedImage toImage(RgbFrame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[f.width()];
        byte[] rgb = f.rgb();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int i = (y * f.width() + x) * 3;
                row[x] = ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
            }
            img.setRGB(0, y, f.width(), 1, row, 0, f.width());
        }
        return img;
    }
}
