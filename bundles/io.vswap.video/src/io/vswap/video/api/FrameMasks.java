package io.vswap.video.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

/**
 * A yes/no mask per frame of a clip, all of one size: where an edit's subject is (the source's
 * and the result's), or what a user painted. Stored as one grey PNG strip, the frames stacked top
 * to bottom, white for "in the mask", so that any image viewer shows it.
 *
 * @param frames how many frames
 * @param width the mask's width (a method's latent grid, or the frame's)
 * @param height the height of one frame's mask
 * @param bits {@code frames × height × width}, frame by frame, rows top to bottom
 */
public record FrameMasks(int frames, int width, int height, boolean[] bits) {

    public FrameMasks {
        if (frames < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("a mask needs at least one frame of one pixel, got " + frames + " × "
                    + width + "×" + height);
        }
        if (bits.length != frames * width * height) {
            throw new IllegalArgumentException("expected " + frames * width * height + " mask values for " + frames
                    + " frames of " + width + "×" + height + ", got " + bits.length);
        }
        bits = bits.clone();
    }

    @Override
    public boolean[] bits() {
        return bits.clone();
    }

    /** Whether pixel ({@code x}, {@code y}) of {@code frame} is in the mask. */
    public boolean contains(int frame, int x, int y) {
        return bits[(frame * height + y) * width + x];
    }

    /** One frame's mask, {@code height × width}, rows top to bottom (a copy). */
    public boolean[] frame(int f) {
        return Arrays.copyOfRange(bits, f * width * height, (f + 1) * width * height);
    }

    /** The share of all pixels in the mask, 0–1. */
    public double coverage() {
        int n = 0;
        for (boolean b : bits) {
            n += b ? 1 : 0;
        }
        return n / (double) bits.length;
    }

    /** The mask at another size, nearest cell (a latent grid's cell covers its block of pixels). */
    public FrameMasks scaledTo(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        boolean[] out = new boolean[frames * newWidth * newHeight];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < newHeight; y++) {
                int sy = Math.min(height - 1, (int) ((y + 0.5) * height / newHeight));
                for (int x = 0; x < newWidth; x++) {
                    int sx = Math.min(width - 1, (int) ((x + 0.5) * width / newWidth));
                    out[(f * newHeight + y) * newWidth + x] = bits[(f * height + sy) * width + sx];
                }
            }
        }
        return new FrameMasks(frames, newWidth, newHeight, out);
    }

    /** The mask grown by {@code radius} pixels in each direction (a square), frame by frame. */
    public FrameMasks dilated(int radius) {
        if (radius <= 0) {
            return this;
        }
        // separable: rows, then columns
        boolean[] rows = new boolean[bits.length];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < height; y++) {
                int base = (f * height + y) * width;
                for (int x = 0; x < width; x++) {
                    if (bits[base + x]) {
                        Arrays.fill(rows, base + Math.max(0, x - radius), base + Math.min(width, x + radius + 1), true);
                    }
                }
            }
        }
        boolean[] out = new boolean[bits.length];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (rows[(f * height + y) * width + x]) {
                        for (int yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) {
                            out[(f * height + yy) * width + x] = true;
                        }
                    }
                }
            }
        }
        return new FrameMasks(frames, width, height, out);
    }

    /** Pixels in this mask or in {@code other} (same frames and size). */
    public FrameMasks union(FrameMasks other) {
        if (other.frames != frames || other.width != width || other.height != height) {
            throw new IllegalArgumentException("masks of " + frames + " × " + width + "×" + height + " and "
                    + other.frames + " × " + other.width + "×" + other.height + " cannot be joined");
        }
        boolean[] out = new boolean[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits[i] || other.bits[i];
        }
        return new FrameMasks(frames, width, height, out);
    }

    /** The strip as PNG bytes: {@code width × (frames · height)}, 8-bit grey, 255 in the mask. */
    public byte[] toPng() {
        BufferedImage img = new BufferedImage(width, frames * height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bits.length; i++) {
            data[i] = (byte) (bits[i] ? 255 : 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * Reads a strip written by {@link #toPng()} (or painted by a user: any image, grey above half is
     * in the mask).
     *
     * @param frames how many frames the strip stacks: its height must divide by it
     * @throws IOException if the bytes are not an image or its height does not fit {@code frames}
     */
    public static FrameMasks fromPng(byte[] png, int frames) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        if (img == null) {
            throw new IOException("the mask is not an image ImageIO can read");
        }
        if (frames < 1 || img.getHeight() % frames != 0) {
            throw new IOException("a mask strip " + img.getHeight() + " pixels high cannot hold " + frames
                    + " frames of equal height");
        }
        int w = img.getWidth();
        int h = img.getHeight() / frames;
        boolean[] bits = new boolean[frames * w * h];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
                bits[y * w + x] = grey > 127;
            }
        }
        return new FrameMasks(frames, w, h, bits);
    }
}
