package io.vswap.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.vswap.samples.api.SubjectChecker;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/** A render's subject masks file read against the sample world's subject in the source frames. */
public final class RenderSubjectMasks {

    private RenderSubjectMasks() {
    }

    /**
     * Over all frames: the share of the source subject's pixels (the sample world's checker on
     * {@code source}) inside the masks of {@code masksPng} scaled to the frames' size, and the share of
     * the frame the masks cover.
     */
    public static double[] againstSource(Path masksPng, List<RgbFrame> source) throws Exception {
        int w = source.get(0).width(), h = source.get(0).height();
        FrameMasks masks = FrameMasks.fromPng(Files.readAllBytes(masksPng), source.size()).scaledTo(w, h);
        long subject = 0, inside = 0, covered = 0;
        for (int f = 0; f < source.size(); f++) {
            byte[] b = source.get(f).rgb();
            float[] rgb = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                rgb[i] = (b[i] & 0xff) / 255f;
            }
            boolean[] was = SubjectChecker.check(rgb, w).mask();
            boolean[] m = masks.frame(f);
            for (int i = 0; i < was.length; i++) {
                subject += was[i] ? 1 : 0;
                inside += was[i] && m[i] ? 1 : 0;
                covered += m[i] ? 1 : 0;
            }
        }
        return new double[] { subject == 0 ? 0 : (double) inside / subject, (double) covered / ((long) w * h * source.size()) };
    }
}
