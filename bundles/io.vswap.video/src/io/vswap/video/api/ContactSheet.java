package io.vswap.video.api;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

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
    private static final int COLUMNS = 4;

    private ContactSheet() {
    }

    /** Frames 4 to a row, each scaled so that a tile is at most {@value #TILE} pixels wide. */
    public static byte[] png(List<RgbFrame> frames, Overlay overlay) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RgbFrame first = frames.get(0);
        try {
            Writer w = writer(out, frames.size(), first.width(), first.height(), overlay);
            for (RgbFrame f : frames) {
                w.add(f);
            }
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /**
     * The same sheet written as frames arrive, for clips too long to hold: each frame is drawn into
     * its tile and dropped, and each finished row of tiles is compressed into {@code out} at once, so
     * memory holds one row of tiles, never the clip or the sheet.
     *
     * @param frameCount how many frames will be {@linkplain Writer#add added} (the sheet's height)
     * @param width the frames' width
     * @param height the frames' height
     */
    public static Writer writer(OutputStream out, int frameCount, int width, int height, Overlay overlay)
            throws IOException {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("a contact sheet needs at least one frame");
        }
        return new Writer(out, frameCount, width, height, overlay);
    }

    /** A contact sheet being written; {@link #add} every frame in order, then {@link #finish}. */
    public static final class Writer {
        private final PngStream png;
        private final Overlay overlay;
        private final int frameCount;
        private final int cols;
        private final double scale;
        private final int tw;
        private final int th;
        private final BufferedImage band; // one row of tiles and the gap below it
        private final int[] bandPixels;
        private final BufferedImage frame; // reused for every frame: no full-size garbage per frame
        private int added;

        private Writer(OutputStream out, int frameCount, int width, int height, Overlay overlay) throws IOException {
            this.overlay = overlay;
            this.frameCount = frameCount;
            cols = Math.min(COLUMNS, frameCount);
            int rows = (frameCount + cols - 1) / cols;
            scale = Math.min(1.0, (double) TILE / width);
            tw = (int) Math.round(width * scale);
            th = (int) Math.round(height * scale);
            int sheetWidth = cols * (tw + GAP) + GAP;
            band = new BufferedImage(sheetWidth, th + GAP, BufferedImage.TYPE_INT_RGB);
            bandPixels = ((DataBufferInt) band.getRaster().getDataBuffer()).getData();
            frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            png = new PngStream(out, sheetWidth, rows * (th + GAP) + GAP);
            int[] black = new int[sheetWidth];
            for (int y = 0; y < GAP; y++) {
                png.row(black, 0);
            }
        }

        /**
         * Draws the next frame into its tile and returns it, so that a writer can sit in a frame
         * pipeline ({@code () -> sheet.add(frames.next())}); {@code null} passes through.
         */
        public RgbFrame add(RgbFrame f) throws IOException {
            if (f == null) {
                return null;
            }
            if (added == frameCount) {
                throw new IllegalStateException("the sheet was opened for " + frameCount + " frames");
            }
            int col = added % cols;
            Graphics2D g = band.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Graphics2D tile = (Graphics2D) g.create(GAP + col * (tw + GAP), 0, tw, th);
            tile.scale(scale, scale);
            // a frame of another size is drawn at the first frame's scale, as the sheet always did
            boolean usual = f.width() == frame.getWidth() && f.height() == frame.getHeight();
            BufferedImage img = usual ? frame : new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
            fill(img, f);
            tile.drawImage(img, 0, 0, null);
            if (overlay != null) {
                overlay.paint(tile, added);
            }
            tile.dispose();
            g.dispose();
            added++;
            if (col == cols - 1 || added == frameCount) {
                flushBand();
            }
            return f;
        }

        /** Ends the PNG (it does not close {@code out}); every frame must have been added. */
        public void finish() throws IOException {
            if (added != frameCount) {
                throw new IllegalStateException("the sheet has " + added + " of its " + frameCount + " frames");
            }
            png.finish();
        }

        private void flushBand() throws IOException {
            int w = band.getWidth();
            for (int y = 0; y < band.getHeight(); y++) {
                png.row(bandPixels, y * w);
            }
            java.util.Arrays.fill(bandPixels, 0);
        }
    }

    /** Copies {@code f} into {@code img}, an RGB image of its size. */
    static void fill(BufferedImage img, RgbFrame f) {
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        byte[] rgb = f.rgb();
        for (int p = 0, i = 0; p < px.length; p++, i += 3) {
            px[p] = ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
        }
    }
}
