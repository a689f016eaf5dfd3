package io.vswap.samples.model.internal;

import com.google.gson.JsonObject;

import io.vswap.diffusion.api.CLIPVisionConfig;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * How {@code train-sample-clip} trains the sample model's CLIP image tower: the tower's size (a
 * {@code CLIPVisionModelWithProjection} at the sample model's frame size), the steps, batch and
 * learning rate, and the held-out clips its zero-shot accuracy is measured on.
 *
 * @param evalSeed the first held-out seed; training never draws a seed in [0, 2^62) ({@link SampleClipDraws})
 */
record ClipTrainingSettings(long seed, int steps, int batch, int hiddenSize, int layers, int heads, int patchSize,
        int projectionDim, double learningRate, int evalClips, long evalSeed) {

    /**
     * The shipped tower's settings (why: docs/sample-model.md, "The CLIP tower"): 64-pixel frames (the
     * sample model's own, so its renders reach the tower without resampling) in 8-pixel patches (a star's
     * tip or a cross's arm is a few patches wide at the world's subject sizes), 3 layers 64 wide, the
     * text encoder's own width.
     */
    static ClipTrainingSettings defaults() {
        return new ClipTrainingSettings(20261207, 1600, 96, 64, 3, 4, 8, 64, 1e-3, 50, 1);
    }

    ClipTrainingSettings {
        if (steps < 1 || batch < 2 || evalClips < 1) {
            throw new IllegalArgumentException("steps, batch (at least 2: a contrastive batch needs negatives) and "
                    + "eval_clips must be positive");
        }
        if (batch > SampleClipDraws.CAPTIONS) {
            throw new IllegalArgumentException("batch " + batch + ": a batch holds distinct captions, and the world "
                    + "has " + SampleClipDraws.CAPTIONS);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of heads " + heads);
        }
        if (evalSeed < 0 || evalSeed + evalClips > SampleClipDraws.FIRST_TRAINING_SEED) {
            throw new IllegalArgumentException("eval_seed must lie in [0, 2^62 - eval_clips): training draws none there");
        }
        vision(hiddenSize, layers, heads, patchSize, projectionDim); // the tower's own checks (fields are not set yet)
    }

    /** The image tower's config. */
    CLIPVisionConfig vision() {
        return vision(hiddenSize, layers, heads, patchSize, projectionDim);
    }

    private static CLIPVisionConfig vision(int hiddenSize, int layers, int heads, int patchSize, int projectionDim) {
        return new CLIPVisionConfig(hiddenSize, 4 * hiddenSize, layers, heads, SampleModelConfigs.IMAGE_SIZE, patchSize,
                projectionDim, "quick_gelu", 1e-5);
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("seed", seed);
        o.addProperty("steps", steps);
        o.addProperty("batch", batch);
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("layers", layers);
        o.addProperty("heads", heads);
        o.addProperty("patch_size", patchSize);
        o.addProperty("projection_dim", projectionDim);
        o.addProperty("learning_rate", learningRate);
        o.addProperty("eval_clips", evalClips);
        o.addProperty("eval_seed", evalSeed);
        return o;
    }

    /** The command-line arguments that differ from the defaults. */
    String arguments() {
        ClipTrainingSettings d = defaults();
        StringBuilder b = new StringBuilder();
        arg(b, "seed", seed, d.seed);
        arg(b, "steps", steps, d.steps);
        arg(b, "batch", batch, d.batch);
        arg(b, "hidden_size", hiddenSize, d.hiddenSize);
        arg(b, "layers", layers, d.layers);
        arg(b, "heads", heads, d.heads);
        arg(b, "patch_size", patchSize, d.patchSize);
        arg(b, "projection_dim", projectionDim, d.projectionDim);
        if (learningRate != d.learningRate) {
            b.append(" lr=").append(learningRate);
        }
        arg(b, "eval_clips", evalClips, d.evalClips);
        arg(b, "eval_seed", evalSeed, d.evalSeed);
        return b.toString();
    }

    private static void arg(StringBuilder b, String name, long value, long otherwise) {
        if (value != otherwise) {
            b.append(' ').append(name).append('=').append(value);
        }
    }
}
