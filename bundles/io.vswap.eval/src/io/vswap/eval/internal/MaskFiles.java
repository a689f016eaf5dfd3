package io.vswap.eval.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;

/** Subject masks from a file: a PNG strip ({@link FrameMasks#toPng()}) or a video, white for the subject. */
final class MaskFiles {

    private MaskFiles() {
    }

    static FrameMasks read(Path file, int frames, VideoCodecRegistry codecs) throws IOException, VideoException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("there is no mask file " + file);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            try {
                return FrameMasks.fromPng(Files.readAllBytes(file), frames);
            } catch (IOException e) {
                throw new IOException("the mask " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        int n = 0;
        int w = 0;
        int h = 0;
        boolean[] bits = null;
        try (FrameReader reader = codecs.codecFor(file).openReader(file)) {
            for (RgbFrame f = reader.next(); f != null; f = reader.next(), n++) {
                if (n == frames) {
                    throw new IOException("the mask video " + file + " has more frames than the render's " + frames);
                }
                if (bits == null) {
                    w = f.width();
                    h = f.height();
                    bits = new boolean[frames * w * h];
                }
                float[] luma = f.luma();
                for (int p = 0; p < luma.length; p++) {
                    bits[n * w * h + p] = luma[p] > 127;
                }
            }
        }
        if (n != frames) {
            throw new IOException("the mask video " + file + " has " + n + " frames, the render " + frames);
        }
        return new FrameMasks(frames, w, h, bits);
    }
}
