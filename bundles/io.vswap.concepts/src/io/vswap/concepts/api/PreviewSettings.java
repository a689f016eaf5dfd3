package io.vswap.concepts.api;

/**
 * How {@link ConceptPreviews} draws: how many images, DDIM steps, classifier-free guidance, the first
 * image's seed (image {@code i} uses {@code seed + i}) and the longest side in pixels (0: the model's
 * own side; less is quicker and is rounded to the model's latent grid).
 *
 * @param images how many images
 * @param steps DDIM steps (more: cleaner, slower)
 * @param guidance classifier-free guidance scale (Stable Diffusion's usual 7.5)
 * @param seed the first image's seed
 * @param maxSide at most this many pixels a side, 0 for the model's own size
 */
public record PreviewSettings(int images, int steps, double guidance, long seed, int maxSide) {

    /** The Preview action's: four images, 25 steps (enough for a clean picture), guidance 7.5. */
    public static final PreviewSettings DEFAULT = new PreviewSettings(4, 25, 7.5, 0, 0);

    /**
     * One small image in few steps, every {@link #everyDuringTraining} steps of a training: cheap beside
     * the training's own steps, yet enough to see the concept take shape.
     */
    public static final PreviewSettings DURING_TRAINING = new PreviewSettings(1, 8, 7.5, 0, 256);

    /** How many previews a training shows (the last step always has one). */
    public static final int PREVIEWS_PER_TRAINING = 5;

    public PreviewSettings {
        if (images < 1 || steps < 1 || maxSide < 0 || !(guidance >= 0)) {
            throw new IllegalArgumentException("at least one image and one step; guidance and the side not negative");
        }
    }

    /** The steps between training previews so that a training of {@code steps} shows about five. */
    public static int everyDuringTraining(int steps) {
        return Math.max(1, steps / PREVIEWS_PER_TRAINING);
    }

    public PreviewSettings withImages(int n) {
        return new PreviewSettings(n, steps, guidance, seed, maxSide);
    }

    public PreviewSettings withSteps(int n) {
        return new PreviewSettings(images, n, guidance, seed, maxSide);
    }

    public PreviewSettings withSeed(long s) {
        return new PreviewSettings(images, steps, guidance, s, maxSide);
    }
}
