package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.vswap.diffusion.api.RgbImage;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * What the sample model's CLIP tower is trained and measured on: every caption of the world (one per
 * spec), training batches of frames with distinct captions (a caption twice in a batch would be its own
 * negative), and the held-out frames. Training seeds all have bit 62 set and held-out seeds lie in [0, 2^62),
 * so no held-out clip is ever drawn in training.
 */
final class SampleClipDraws {

    /** Every spec of the world, in a fixed order (shape, colour, pattern, background). */
    static final List<SampleSpec> SPECS = allSpecs();
    static final int CAPTIONS = SPECS.size();
    static final long FIRST_TRAINING_SEED = 1L << 62;
    /** The frames of each held-out clip that are measured (VideoSwap's clips are 16 frames). */
    static final int[] HELD_OUT_FRAMES = { 0, 5, 10, 15 };
    /** Share of training frames taken from clips (the rest are stills, the subject anywhere). */
    private static final double CLIP_SHARE = 0.3;
    private static final int SIZE = SampleModelConfigs.IMAGE_SIZE;

    /** A training batch: frames and the index of each one's caption in {@link #SPECS}. */
    record Batch(List<RgbImage> frames, int[] captions) {
    }

    /** A held-out frame and the spec it shows. */
    record HeldOut(RgbImage frame, SampleSpec spec) {
    }

    private SampleClipDraws() {
    }

    private static List<SampleSpec> allSpecs() {
        List<SampleSpec> out = new ArrayList<>();
        for (SubjectShape s : SubjectShape.values()) {
            for (SubjectColor c : SubjectColor.values()) {
                for (BackgroundPattern p : BackgroundPattern.values()) {
                    for (BackgroundColor b : BackgroundColor.values()) {
                        out.add(new SampleSpec(s, c, p, b));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    static int index(SampleSpec spec) {
        return ((spec.shape().ordinal() * SubjectColor.values().length + spec.color().ordinal())
                * BackgroundPattern.values().length + spec.pattern().ordinal()) * BackgroundColor.values().length
                + spec.background().ordinal();
    }

    static List<String> captions() {
        return SPECS.stream().map(SampleSpec::caption).toList();
    }

    /**
     * {@code size} frames of distinct captions drawn with {@code r} (a function of the run's seed and the
     * step, so a replayed step draws the same): still images and frames of clips, each lightly blurred
     * or noised now and then, as a render of the sample model is. With {@code heldOut} the seeds lie below
     * {@link #FIRST_TRAINING_SEED} and nothing is blurred or noised (a held-out loss).
     */
    static Batch draw(SplittableRandom r, int size, boolean heldOut) {
        int[] order = new int[CAPTIONS];
        for (int i = 0; i < CAPTIONS; i++) {
            order[i] = i;
        }
        int[] captions = new int[size];
        List<RgbImage> frames = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int j = i + r.nextInt(CAPTIONS - i); // a partial Fisher–Yates shuffle: distinct captions
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            captions[i] = order[i];
            SampleSpec spec = SPECS.get(order[i]);
            long seed = heldOut ? r.nextLong() >>> 2 : r.nextLong() | FIRST_TRAINING_SEED;
            float[] frame;
            if (r.nextDouble() < CLIP_SHARE) {
                // a clip of up to 16 frames, its last frame: any point of a world path, at the cost of a short clip
                int length = 1 + r.nextInt(SampleModelConfigs.FRAMES);
                frame = SampleWorld.clip(seed, SIZE, length, spec).frame(length - 1);
            } else {
                frame = SampleWorld.image(seed, SIZE, spec).frame(0);
            }
            frames.add(toImage(heldOut ? frame : augmented(frame, r)));
        }
        return new Batch(frames, captions);
    }

    /** Frames {@link #HELD_OUT_FRAMES} of the clips of seeds {@code first} … {@code first + clips − 1}. */
    static List<HeldOut> heldOut(long first, int clips) {
        List<HeldOut> out = new ArrayList<>();
        for (long seed = first; seed < first + clips; seed++) {
            SampleClip clip = SampleWorld.clip(seed, SIZE, SampleModelConfigs.FRAMES);
            for (int f : HELD_OUT_FRAMES) {
                out.add(new HeldOut(new RgbImage(SIZE, SIZE, clip.frameRgb(f)), clip.spec()));
            }
        }
        return out;
    }

    /** A 3×3 box blur half of the time and Gaussian noise of σ up to 0.03 half of the time. */
    private static float[] augmented(float[] rgb, SplittableRandom r) {
        float[] out = rgb;
        if (r.nextBoolean()) {
            out = new float[rgb.length];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    for (int c = 0; c < 3; c++) {
                        float sum = 0;
                        int n = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int yy = y + dy;
                                int xx = x + dx;
                                if (yy >= 0 && yy < SIZE && xx >= 0 && xx < SIZE) {
                                    sum += rgb[(yy * SIZE + xx) * 3 + c];
                                    n++;
                                }
                            }
                        }
                        out[(y * SIZE + x) * 3 + c] = sum / n;
                    }
                }
            }
        }
        if (r.nextBoolean()) {
            double sigma = 0.03 * r.nextDouble();
            out = out == rgb ? rgb.clone() : out;
            java.util.Random noise = new java.util.Random(r.nextLong());
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (sigma * noise.nextGaussian());
            }
        }
        return out;
    }

    private static RgbImage toImage(float[] rgb) {
        byte[] b = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            b[i] = (byte) Math.round(Math.clamp(rgb[i], 0f, 1f) * 255f);
        }
        return new RgbImage(SIZE, SIZE, b);
    }
}
