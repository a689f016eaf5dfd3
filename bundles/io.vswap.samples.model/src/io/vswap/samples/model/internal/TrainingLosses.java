package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.NoiseSchedule;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.TrainingPlan.Stage;

/**
 * What each stage of the sample model's training minimises, and on what (split from
 * {@link SampleModelTrainer}, which runs the stages): batches drawn from the sample world, a function of
 * the seed, the stage and the step, so that a replayed or resumed step draws the same; the VAE's loss
 * (reconstruction + a small KL term); the noise-prediction loss (min-SNR-5 weighting, so the high-noise
 * steps that decide shape are not drowned by the easy low-noise ones; captions dropped 10 % of the time
 * for classifier-free guidance; the plan's subject and point cell weights); the held-out losses; the
 * latent scaling factor.
 */
public final class TrainingLosses {

    private static final double MIN_SNR_GAMMA = 5;
    private static final double CAPTION_DROP = 0.1;
    private static final double KL_WEIGHT = 1e-4;
    private static final int EVAL_BATCH = 16;
    private static final int SCALE_SAMPLES = 256;

    private final AutoencoderModel vae;
    private final TextEncoderModel text;
    private final VideoUNetModel unet;
    private final ClipTokenizer tokenizer;
    private final int[] emptyIds;
    private final TrainingPlan plan;
    private final NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
    private final int size = SampleModelConfigs.IMAGE_SIZE;
    private final int frames = SampleModelConfigs.FRAMES;
    /** The shapes of the training samples drawn since {@link #clearDrawn} (to check the shape weights). */
    private final Map<SubjectShape, Integer> drawn = new EnumMap<>(SubjectShape.class);

    TrainingLosses(AutoencoderModel vae, TextEncoderModel text, VideoUNetModel unet, ClipTokenizer tokenizer,
            TrainingPlan plan) {
        this.vae = vae;
        this.text = text;
        this.unet = unet;
        this.tokenizer = tokenizer;
        this.emptyIds = tokenizer.encode("");
        this.plan = plan;
    }

    /** The loss of {@code step} of stage {@code s}, to differentiate; its arrays in {@code m}. */
    NDArray trainingLoss(Stage s, int step, NDManager m, double scalingFactor) {
        // the same draw on a replay: the step is a function of (seed, stage, step)
        SplittableRandom r = new SplittableRandom(mix(plan.seed(), s.ordinal(), step));
        return switch (s) {
        case VAE -> vaeLoss(m, images(m, r, plan.vaeBatch()), r.nextLong());
        case UNET -> denoiseLoss(m, r, plan.unetBatch(), 1, true, scalingFactor);
        case MOTION -> denoiseLoss(m, r, plan.motionClips(), frames, true, scalingFactor);
        case DONE -> throw new IllegalStateException();
        };
    }

    /** Held-out loss on a fixed batch (its own seed, timesteps spread over the range, no caption drop). */
    double evalLoss(Stage s, NDManager root, double scalingFactor) {
        try (NDManager m = root.newSubManager()) {
            SplittableRandom r = new SplittableRandom(mix(plan.seed() ^ 0x5EED_E7A1L, s.ordinal(), -1));
            NDArray l = switch (s) {
            case VAE -> reconstructionMse(m, images(m, r, EVAL_BATCH));
            case UNET -> denoiseLoss(m, r, EVAL_BATCH, 1, false, scalingFactor);
            case MOTION -> denoiseLoss(m, r, 2, frames, false, scalingFactor);
            case DONE -> throw new IllegalStateException();
            };
            return l.getFloat();
        }
    }

    private NDArray vaeLoss(NDManager m, NDArray x, long noiseSeed) {
        NDArray moments = vae.encodeMoments(x);
        int c = (int) (moments.getShape().get(1) / 2);
        NDArray mean = moments.get(":, 0:" + c);
        NDArray logvar = moments.get(":, " + c + ":").clip(-30f, 20f);
        NDArray eps = SeededNoise.normal(m, noiseSeed, mean.getShape());
        NDArray z = mean.add(ScalarOps.mul(logvar, 0.5).exp().mul(eps));
        NDArray diff = vae.decode(z).sub(x);
        NDArray kl = ScalarOps.mul(mean.square().add(logvar.exp()).sub(1).sub(logvar).mean(), 0.5 * KL_WEIGHT);
        return diff.square().mean().add(ScalarOps.mul(diff.abs().mean(), 0.5)).add(kl);
    }

    private NDArray reconstructionMse(NDManager m, NDArray x) {
        NDArray moments = vae.encodeMoments(x);
        int c = (int) (moments.getShape().get(1) / 2);
        return vae.decode(moments.get(":, 0:" + c)).sub(x).square().mean();
    }

    /**
     * The noise-prediction loss on {@code clips} clips of {@code clipFrames} frames (1: still images
     * through the image UNet). One timestep per clip, as AnimateDiff trains.
     */
    private NDArray denoiseLoss(NDManager m, SplittableRandom r, int clips, int clipFrames, boolean training,
            double scalingFactor) {
        List<float[]> pixels = new ArrayList<>();
        int[][] ids = new int[clips * clipFrames][];
        int[] t = new int[clips * clipFrames];
        float[] weight = new float[clips * clipFrames];
        boolean weighted = training && (plan.subjectWeight() > 0 || plan.pointWeight() > 0);
        List<boolean[]> masks = new ArrayList<>();
        List<double[][]> points = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            long seed = r.nextLong();
            SampleClip sample = sample(seed, clipFrames, training);
            boolean drop = training && r.nextDouble() < CAPTION_DROP;
            int[] caption = drop ? emptyIds : tokenizer.encode(sample.caption());
            int tc = training ? r.nextInt(schedule.trainTimesteps())
                    : (int) ((c + 0.5) * schedule.trainTimesteps() / clips);
            double ab = schedule.alphaCumprod(tc);
            double snr = ab / (1 - ab);
            Map<String, double[][]> named = weighted ? sample.points() : Map.of(); // every frame's, computed once a clip
            for (int f = 0; f < clipFrames; f++) {
                int i = c * clipFrames + f;
                pixels.add(sample.frame(f));
                if (weighted) {
                    masks.add(sample.mask(f));
                    points.add(visiblePoints(named, f));
                }
                ids[i] = caption;
                t[i] = tc;
                weight[i] = (float) (training ? Math.min(snr, MIN_SNR_GAMMA) / snr : 1);
            }
        }
        NDArray x = toTensor(m, pixels);
        NDArray latents;
        try (NDArray moments = vae.encodeMoments(x)) {
            int c = (int) (moments.getShape().get(1) / 2);
            latents = ScalarOps.mul(moments.get(":, 0:" + c), scalingFactor);
        }
        NDArray noise = SeededNoise.normal(m, r.nextLong(), latents.getShape());
        NDArray noisy = schedule.addNoise(latents, noise, t);
        NDArray hidden = text.encode(m, ids);
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            tf[i] = t[i];
        }
        NDArray eps = clipFrames == 1 ? unet.imageUNet().forward(noisy, tf, hidden)
                : unet.forward(noisy, clipFrames, tf, hidden, null);
        NDArray squared = eps.sub(noise).square();
        NDArray perSample;
        if (weighted) {
            Shape ls = latents.getShape();
            NDArray cells = m.create(
                    cellWeights(masks, points, (int) ls.get(2), (int) ls.get(3), plan.subjectWeight(), plan.pointWeight()),
                    new Shape(t.length, 1, ls.get(2), ls.get(3)));
            perSample = squared.mul(cells).sum(new int[] { 1, 2, 3 })
                    .div(cells.sum(new int[] { 1, 2, 3 }).mul(ls.get(1)));
        } else {
            perSample = squared.reshape(t.length, -1).mean(new int[] { 1 });
        }
        return perSample.mul(m.create(weight)).mean();
    }

    /**
     * The sample drawn with {@code seed}: a still image or a clip, its shape re-drawn by the plan's
     * shape weights when training (the held-out samples keep the world's mix).
     */
    private SampleClip sample(long seed, int clipFrames, boolean training) {
        SampleSpec spec = SampleSpec.random(new Random(seed));
        if (training) {
            SubjectShape shape = plan.trainingShape(seed, spec.shape());
            spec = new SampleSpec(shape, spec.color(), spec.pattern(), spec.background());
            drawn.merge(shape, 1, Integer::sum);
        }
        return clipFrames == 1 ? SampleWorld.image(seed, size, spec) : SampleWorld.clip(seed, size, clipFrames, spec);
    }

    /**
     * Per latent cell of each frame: 1 + {@code w} × the share of subject pixels in the cell or its 8
     * neighbours (the subject's edge, where corners and arms are decided, is what the loss should not
     * average away against a background that fills most of the frame). Shape (frames, h, w), flattened.
     */
    public static float[] subjectCellWeights(List<boolean[]> masks, int h, int w, double weight) {
        return cellWeights(masks, null, h, w, weight, 0);
    }

    /** {@code {x, y}} in pixels of each named point ({@link SampleClip#points()}) in view on frame {@code f}. */
    private static double[][] visiblePoints(Map<String, double[][]> named, int f) {
        return named.values().stream().map(track -> track[f]).filter(p -> p[2] > 0)
                .map(p -> new double[] { p[0], p[1] }).toArray(double[][]::new);
    }

    /**
     * {@link #subjectCellWeights} plus {@code pointWeight} on each cell that holds one of the frame's
     * {@code points} ({@code {x, y}} in pixels, pixel centres at integers; null: none), counted once
     * however many points share the cell.
     */
    public static float[] cellWeights(List<boolean[]> masks, List<double[][]> points, int h, int w, double weight,
            double pointWeight) {
        float[] out = new float[masks.size() * h * w];
        for (int i = 0; i < masks.size(); i++) {
            boolean[] mask = masks.get(i);
            int size = (int) Math.round(Math.sqrt(mask.length));
            int fy = size / h;
            int fx = size / w;
            float[] share = new float[h * w];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (mask[y * size + x]) {
                        share[(y / fy) * w + x / fx] += 1f / (fx * fy);
                    }
                }
            }
            for (int cy = 0; cy < h; cy++) {
                for (int cx = 0; cx < w; cx++) {
                    float most = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int y = cy + dy;
                            int x = cx + dx;
                            if (y >= 0 && y < h && x >= 0 && x < w) {
                                most = Math.max(most, share[y * w + x]);
                            }
                        }
                    }
                    out[(i * h + cy) * w + cx] = (float) (1 + weight * most);
                }
            }
            if (points != null && pointWeight != 0) {
                boolean[] marked = new boolean[h * w];
                for (double[] p : points.get(i)) {
                    int cx = Math.clamp((long) Math.floor((p[0] + 0.5) / fx), 0, w - 1);
                    int cy = Math.clamp((long) Math.floor((p[1] + 0.5) / fy), 0, h - 1);
                    if (!marked[cy * w + cx]) {
                        marked[cy * w + cx] = true;
                        out[(i * h + cy) * w + cx] += (float) pointWeight;
                    }
                }
            }
        }
        return out;
    }

    private NDArray images(NDManager m, SplittableRandom r, int n) {
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pixels.add(SampleWorld.image(r.nextLong(), size).frame(0));
        }
        return toTensor(m, pixels);
    }

    private NDArray toTensor(NDManager m, List<float[]> hwc) {
        return VaeImageProcessor.preprocess(m, hwc, size, size);
    }

    /** 1 / std of the posterior means over fresh images, so the UNet sees unit-variance latents (SD: 0.18215). */
    double measureScalingFactor(NDManager root) {
        SplittableRandom r = new SplittableRandom(mix(plan.seed(), 99, 0));
        double sum = 0;
        double sq = 0;
        long count = 0;
        for (int done = 0; done < SCALE_SAMPLES; done += 32) {
            try (NDManager m = root.newSubManager()) {
                NDArray moments = vae.encodeMoments(images(m, r, 32));
                int c = (int) (moments.getShape().get(1) / 2);
                float[] v = moments.get(":, 0:" + c).toFloatArray();
                for (float f : v) {
                    sum += f;
                    sq += (double) f * f;
                }
                count += v.length;
            }
        }
        double mean = sum / count;
        return 1 / Math.sqrt(sq / count - mean * mean);
    }

    /**
     * E.g. {@code "disc 11 %, square 12 %, … of 400"}: the shapes the training samples drawn since
     * {@link #clearDrawn} had (to check the plan's shape weights); empty when none was drawn.
     */
    String drawnShares() {
        if (drawn.isEmpty()) {
            return "";
        }
        int total = drawn.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder();
        drawn.forEach((shape, count) -> b.append(b.isEmpty() ? "" : ", ").append(shape.word())
                .append(String.format(Locale.ROOT, " %.0f %%", 100.0 * count / total)));
        return b + " of " + total;
    }

    void clearDrawn() {
        drawn.clear();
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }
}
