package io.vswap.concepts.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an ED-LoRA concept is trained (Mix-of-Show, Gu et al. 2023, and its {@code options/train/EDLoRA}
 * files). {@link #mixOfShow} gives its defaults scaled to a model; {@link #toMap()} is what the
 * concept's {@code concept.json} records, each with why.
 *
 * @param steps optimisation steps (Mix-of-Show: images × 500 repeats ÷ batch 2)
 * @param batch images per step (Mix-of-Show: 2)
 * @param embeddingLr Adam's learning rate for the layer-wise token embeddings (Mix-of-Show: 1e-3 at SD scale)
 * @param textEncoderLr for the text encoder's LoRA (Mix-of-Show: 1e-5)
 * @param unetLr for the UNet's LoRA (Mix-of-Show: 1e-4)
 * @param rank LoRA rank (Mix-of-Show: 4)
 * @param alpha peft's alpha; the adapter is scaled by alpha/rank. Mix-of-Show scales by its alpha (1.0)
 *        without dividing by the rank, so alpha = rank here is its setting
 * @param weightDecay AdamW's (Mix-of-Show: 0.01)
 * @param noiseOffset per-channel offset added to the noise (Mix-of-Show: 0.01)
 * @param initSigma the first token's random initial embedding's standard deviation (Mix-of-Show: 0.013 at 768 wide)
 * @param embeddingNormLimit the mean embedding norm at which the embeddings stop learning (Mix-of-Show: 0.55)
 * @param scaleMin the smallest random scale of the zoom-out augmentation (1: none)
 * @param checkpointEvery steps between checkpoints
 * @param seed every random draw of the training follows from it and the step, so a resumed run draws the same
 */
public record TrainingSettings(int steps, int batch, double embeddingLr, double textEncoderLr, double unetLr, int rank,
        double alpha, double weightDecay, double noiseOffset, double initSigma, double embeddingNormLimit,
        double scaleMin, int checkpointEvery, long seed) {

    /** Mix-of-Show's repeats of each image (its {@code dataset_enlarge_ratio}). */
    public static final int MIX_OF_SHOW_REPEATS = 500;
    /** Mix-of-Show's images per step. */
    public static final int MIX_OF_SHOW_BATCH = 2;
    /** Mix-of-Show's settings at SD 1.5 size (768-wide token embeddings). */
    public static final double MOS_EMBEDDING_LR = 1e-3;
    public static final double MOS_TEXT_ENCODER_LR = 1e-5;
    public static final double MOS_UNET_LR = 1e-4;
    public static final double MOS_INIT_SIGMA = 0.013;
    public static final double MOS_NORM_LIMIT = 0.55;
    public static final int MOS_WIDTH = 768;

    public TrainingSettings {
        if (steps < 1 || batch < 1 || rank < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("steps, batch, rank and the checkpoint interval are at least 1");
        }
        if (!(embeddingLr >= 0 && textEncoderLr >= 0 && unetLr >= 0 && weightDecay >= 0 && noiseOffset >= 0
                && initSigma > 0 && embeddingNormLimit > 0 && scaleMin > 0 && scaleMin <= 1)) {
            throw new IllegalArgumentException("learning rates, weight decay and noise offset are at least 0; the "
                    + "initial spread and the norm limit above 0; the smallest scale in (0, 1]");
        }
    }

    /**
     * Mix-of-Show's defaults for {@code images} reference images on a model whose token embeddings are
     * {@code width} wide with a mean norm of {@code meanTokenNorm}: the embedding settings are scaled so
     * that they stand to this model's embeddings as Mix-of-Show's stand to SD 1.5's — its random
     * initial embedding has about a typical token's norm (0.013 · √768 = 0.36), so here σ = norm / √width,
     * the norm limit is the same multiple of it (0.55 / 0.36), and Adam's step per element (≈ lr) the
     * same fraction of an element (1e-3 of 0.013). LoRA settings are size-free and stay.
     *
     * @param stepShare 1 for Mix-of-Show's step count; less for a quicker, rougher concept
     */
    public static TrainingSettings mixOfShow(int images, int width, double meanTokenNorm, double stepShare) {
        double mosInitNorm = MOS_INIT_SIGMA * Math.sqrt(MOS_WIDTH);
        double sigma = meanTokenNorm / Math.sqrt(width);
        int steps = (int) Math.max(1, Math.round(stepShare * images * MIX_OF_SHOW_REPEATS / MIX_OF_SHOW_BATCH));
        return new TrainingSettings(steps, MIX_OF_SHOW_BATCH, MOS_EMBEDDING_LR * sigma / MOS_INIT_SIGMA,
                MOS_TEXT_ENCODER_LR, MOS_UNET_LR, 4, 4.0, 0.01, 0.01, sigma, MOS_NORM_LIMIT / mosInitNorm * meanTokenNorm,
                0.75, Math.max(1, Math.min(100, steps / 10)), 0);
    }

    public TrainingSettings withSteps(int n) {
        return new TrainingSettings(n, batch, embeddingLr, textEncoderLr, unetLr, rank, alpha, weightDecay, noiseOffset,
                initSigma, embeddingNormLimit, scaleMin, Math.min(checkpointEvery, n), seed);
    }

    public TrainingSettings withCheckpointEvery(int n) {
        return new TrainingSettings(steps, batch, embeddingLr, textEncoderLr, unetLr, rank, alpha, weightDecay,
                noiseOffset, initSigma, embeddingNormLimit, scaleMin, n, seed);
    }

    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(steps, batch, embeddingLr, textEncoderLr, unetLr, rank, alpha, weightDecay,
                noiseOffset, initSigma, embeddingNormLimit, scaleMin, checkpointEvery, s);
    }

    public TrainingSettings withLearningRates(double embedding, double textEncoder, double unet) {
        return new TrainingSettings(steps, batch, embedding, textEncoder, unet, rank, alpha, weightDecay, noiseOffset,
                initSigma, embeddingNormLimit, scaleMin, checkpointEvery, seed);
    }

    /** The settings by name, as {@code concept.json} records them. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", "ED-LoRA (Mix-of-Show): two new tokens per concept, one embedding each per UNet "
                + "cross-attention layer; LoRA on the text encoder's and the UNet's attention projections");
        m.put("steps", Integer.toString(steps));
        m.put("batch", Integer.toString(batch));
        m.put("embeddingLr", Double.toString(embeddingLr));
        m.put("textEncoderLr", Double.toString(textEncoderLr));
        m.put("unetLr", Double.toString(unetLr));
        m.put("lrSchedule", "linear decay to 0 (Mix-of-Show)");
        m.put("optimizer", "AdamW, betas 0.9/0.999, weight decay " + weightDecay);
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("checkpointEvery", Integer.toString(checkpointEvery));
        m.put("loraRank", Integer.toString(rank));
        m.put("loraAlpha", Double.toString(alpha));
        m.put("noiseOffset", Double.toString(noiseOffset));
        m.put("initSigma", Double.toString(initSigma));
        m.put("embeddingNormLimit", Double.toString(embeddingNormLimit));
        m.put("scaleMin", Double.toString(scaleMin));
        m.put("seed", Long.toString(seed));
        m.put("why", "Mix-of-Show's defaults (options/train/EDLoRA): steps = images x 500 / batch 2 (times the "
                + "preset's share), lr 1e-3 / 1e-5 / 1e-4, rank 4, its LoRA scale 1 (alpha = rank here), AdamW 0.01, "
                + "noise offset 0.01; the embedding settings (init 0.013, lr 1e-3, norm limit 0.55, at 768 wide) "
                + "scaled to this model's token embeddings by their mean norm and width");
        return m;
    }

    /** The settings recorded by {@link #toMap()}, read back (a checkpoint's). */
    public static TrainingSettings fromMap(Map<String, String> m) {
        return new TrainingSettings(Integer.parseInt(m.get("steps")), Integer.parseInt(m.get("batch")),
                Double.parseDouble(m.get("embeddingLr")), Double.parseDouble(m.get("textEncoderLr")),
                Double.parseDouble(m.get("unetLr")), Integer.parseInt(m.get("loraRank")),
                Double.parseDouble(m.get("loraAlpha")), Double.parseDouble(m.get("weightDecay")),
                Double.parseDouble(m.get("noiseOffset")), Double.parseDouble(m.get("initSigma")),
                Double.parseDouble(m.get("embeddingNormLimit")), Double.parseDouble(m.get("scaleMin")),
                Integer.parseInt(m.get("checkpointEvery")), Long.parseLong(m.get("seed")));
    }
}
