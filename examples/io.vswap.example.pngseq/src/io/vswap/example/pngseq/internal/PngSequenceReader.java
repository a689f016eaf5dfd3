package io.vswap.example.pngseq.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoProbe;

/** Decodes one PNG per frame; random access is free, so {@link #read} needs no seeking. */
final class PngSequenceReader implements FrameReader {

    private final PngSequence sequence;
    private final VideoProbe probe;
    private int next;

    PngSequenceReader(PngSequence sequence) throws VideoException {
        this.sequence = sequence;
        this.probe = sequence.probe();
    }

    @Override
    public VideoProbe probe() {
        return probe;
    }

    @Override
    public RgbFrame next() throws VideoException {
        if (next >= sequence.frames.size()) {
            return null;
        }
        return read(next);
    }

    @Override
    public RgbFrame read(int index) throws VideoException {
        if (index < 0 || index >= sequence.frames.size()) {
            throw new VideoException(Kind.OUT_OF_RANGE, sequence.source, "Frame " + index + " is outside the sequence's "
                    + sequence.frames.size() + " frames (0–" + (sequence.frames.size() - 1) + ").");
        }
        Path file = sequence.frames.get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new VideoException(Kind.CORRUPT, file, file.getFileName() + " cannot be decoded (" + e.getMessage()
                    + "). Replace it with a good render of that frame.", e);
        }
        if (image == null) {
            throw new VideoException(Kind.CORRUPT, file, file.getFileName() + " is not a PNG image.");
        }
        if (image.getWidth() != probe.width() || image.getHeight() != probe.height()) {
            throw new VideoException(Kind.CORRUPT, file, String.format(Locale.ROOT,
                    "%s is %d×%d but the sequence is %d×%d (was it replaced after the probe?).", file.getFileName(),
                    image.getWidth(), image.getHeight(), probe.width(), probe.height()));
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            // getRGB converts any PNG colour type (grey, palette, 16 bit) to 8-bit sRGB; alpha is dropped
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                int argb = row[x];
                rgb[i] = (byte) (argb >> 16);
                rgb[i + 1] = (byte) (argb >> 8);
                rgb[i + 2] = (byte) argb;
            }
        }
        next = index + 1;
        return new RgbFrame(index, w, h, rgb);
    }

    @Override
    public void close() {
        // nothing held open between frames
    }
}
