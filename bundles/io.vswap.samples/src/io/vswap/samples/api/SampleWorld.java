package io.vswap.samples.api;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import io.vswap.samples.internal.render.BackgroundField;
import io.vswap.samples.internal.render.Rasterizer;
import io.vswap.samples.internal.render.SubjectPath;

/**
 * The sample world: captioned clips of one flat-coloured shape moving over a muted, smooth
 * background, rendered with an analytic rasteriser (4 × 4 samples a pixel) from a seed. The
 * same arguments give bit-identical pixels on every JVM (only {@link StrictMath}, exactly
 * rounded arithmetic and {@link Random} are used).
 * <p>
 * The spec is drawn from {@code new Random(seed)}; motion and background details from two
 * further generators derived from the seed, so that {@code clip(seed, …, spec)} moves any subject along
 * the same path as {@code clip(seed, …)}. See {@code SubjectPath} for the motion (smooth,
 * rotating, scaling, one clip in five partly leaving the frame) and {@code BackgroundField}
 * for the backgrounds (two tones of the colour; a slow constant camera pan in 60 % of clips).
 */
public final class SampleWorld {

    /** The smallest frame size the motion constraints are made for. */
    public static final int MIN_SIZE = 32;

    private SampleWorld() {
    }

    /** A clip of a random spec. */
    public static SampleClip clip(long seed, int size, int frames) {
        return clip(seed, size, frames, SampleSpec.random(new Random(seed)));
    }

    /** A clip of {@code spec}, its motion and background details from {@code seed}. */
    public static SampleClip clip(long seed, int size, int frames, SampleSpec spec) {
        check(size, frames);
        BackgroundField background = new BackgroundField(spec.pattern(), spec.background(), size, details(seed, 1),
                true);
        SubjectPose[] poses = SubjectPath.clip(details(seed, 2), size, frames);
        return render(spec, size, poses, background);
    }

    /** One frame of a random spec, the subject placed anywhere, fully or mostly inside. */
    public static SampleClip image(long seed, int size) {
        return image(seed, size, SampleSpec.random(new Random(seed)));
    }

    /** One frame of {@code spec}. */
    public static SampleClip image(long seed, int size, SampleSpec spec) {
        check(size, 1);
        BackgroundField background = new BackgroundField(spec.pattern(), spec.background(), size, details(seed, 1),
                false);
        return render(spec, size, new SubjectPose[] { SubjectPath.image(details(seed, 2), size) }, background);
    }

    /** Every word a caption can use, sorted and distinct. */
    public static List<String> vocabulary() {
        TreeSet<String> words = new TreeSet<>(List.of("a", "on", "background"));
        for (SubjectColor c : SubjectColor.values()) {
            words.add(c.word());
        }
        for (SubjectShape s : SubjectShape.values()) {
            words.add(s.word());
        }
        for (BackgroundColor c : BackgroundColor.values()) {
            words.add(c.word());
        }
        for (BackgroundPattern p : BackgroundPattern.values()) {
            words.add(p.word());
        }
        return List.copyOf(words);
    }

    /** An independent generator per concern (1 background, 2 motion), so that one never shifts the other. */
    private static Random details(long seed, int stream) {
        return new Random(seed * 0x9E3779B97F4A7C15L + stream * 0x632BE59BD9B4E019L);
    }

    private static void check(int size, int frames) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("frame size must be at least " + MIN_SIZE + ", not " + size);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("a clip needs at least one frame, not " + frames);
        }
    }

    private static SampleClip render(SampleSpec spec, int size, SubjectPose[] poses, BackgroundField field) {
        int n = poses.length;
        float[][] frames = new float[n][];
        float[][] backgrounds = new float[n][];
        float[][] coverages = new float[n][];
        float[] colour = spec.color().rgb();
        for (int f = 0; f < n; f++) {
            float[] bg = field.render(f);
            float[] cov = Rasterizer.coverage(spec.shape(), poses[f], size, 4);
            float[] img = bg.clone();
            for (int p = 0; p < cov.length; p++) {
                float a = cov[p];
                if (a > 0) {
                    for (int c = 0; c < 3; c++) {
                        img[3 * p + c] = bg[3 * p + c] + a * (colour[c] - bg[3 * p + c]);
                    }
                }
            }
            frames[f] = img;
            backgrounds[f] = bg;
            coverages[f] = cov;
        }
        return new SampleClip(spec, size, poses, frames, backgrounds, coverages);
    }
}
