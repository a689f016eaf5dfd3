package io.vswap.swap.api;

import java.util.Optional;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.swap.internal.LatentBlend;
import io.vswap.swap.internal.SubjectAttention;
import io.vswap.video.api.FrameMasks;

/**
 * Where a prompt edit put its subject, for a method without masks of its own: the subject word's
 * cross-attention in one UNet pass over the source's latents and the target word's in one pass over
 * the edit's, each made a mask and the two joined, as VideoSwap's latent blend makes its masks (§6.1:
 * each frame's map normalised to [0, 1], the subject where it reaches the threshold). The masks go to
 * the render's {@link EditResult#subjectMasks()}, which the evaluation's background metrics read.
 */
public final class SubjectMasks {

    /** Where a normalised map counts as subject: VideoSwap's default (the paper's 0.3). */
    public static final double THRESHOLD = 0.3;

    private SubjectMasks() {
    }

    /**
     * The cross-attention map {@code [frames · h · w]} (frame-major, at latent resolution) of
     * {@code word}'s tokens in {@code prompt} during {@code pass}, which must run {@code unet} once over
     * {@code frames} latents of {@code h × w} conditioned on {@code prompt}'s embedding of
     * {@code promptTokens} tokens (no guidance halves). The cross-attention layers attend as the
     * model's own while watched and are left with it. Empty when the prompt does not hold the word.
     */
    public static Optional<float[]> watch(DiffusionModels models, UNetModel unet, int frames, int h, int w, String prompt,
            String word, int promptTokens, Runnable pass) {
        if (word == null || word.isBlank()) {
            return Optional.empty();
        }
        int[] tokens = models.tokenizer().wordPositions(prompt, word);
        if (tokens.length == 0) {
            return Optional.empty();
        }
        SubjectAttention watcher = new SubjectAttention(frames, h, w);
        setCrossAttention(unet, watcher);
        try {
            watcher.watch(tokens, promptTokens, 0);
            pass.run();
            return Optional.of(watcher.take());
        } finally {
            setCrossAttention(unet, DotProductAttention.DEFAULT);
        }
    }

    /**
     * The two maps' masks at {@code threshold} ({@link #THRESHOLD} unless the method has its own
     * setting), joined; empty where either map is (a word the prompt does not hold).
     */
    public static Optional<FrameMasks> joined(Optional<float[]> source, Optional<float[]> edit, int frames, int width,
            int height, double threshold) {
        if (source.isEmpty() || edit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FrameMasks(frames, width, height, LatentBlend.union(
                LatentBlend.mask(source.get(), frames, threshold), LatentBlend.mask(edit.get(), frames, threshold))));
    }

    /**
     * {@link #joined} at {@link #THRESHOLD} on {@code latents}' grid, the report noting how the masks
     * were made or why there are none.
     */
    public static Optional<FrameMasks> reported(Optional<float[]> source, Optional<float[]> edit, NDArray latents,
            EditReport.Builder report) {
        int[] grid = grid(latents);
        Optional<FrameMasks> masks = joined(source, edit, grid[0], grid[2], grid[1], THRESHOLD);
        report.note("subject.masks", masks.isPresent()
                ? "the subject word's and the target word's cross-attention, threshold " + THRESHOLD
                : "none: the source prompt does not hold the subject word or the edited prompt the target word");
        return masks;
    }

    /** A latents array's frame count, height and width: {@code [frames, channels, h, w]}. */
    public static int[] grid(NDArray latents) {
        return new int[] { (int) latents.getShape().get(0), (int) latents.getShape().get(2),
                (int) latents.getShape().get(3) };
    }

    private static void setCrossAttention(UNetModel unet, io.vswap.diffusion.api.AttentionProcessor processor) {
        for (AttentionLayer l : unet.attentionLayers()) {
            if (l.crossAttention()) {
                unet.setAttentionProcessor(l.name(), processor);
            }
        }
    }
}
