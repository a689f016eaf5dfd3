package io.vswap.swap.api;

import io.vswap.video.api.RgbFrame;

/**
 * What a running edit shows besides its stage and progress (those go to its progress monitor):
 * the figures and pictures a stage produces, for a live view in the workbench. Called on the
 * edit's thread; an implementation hands the values on and returns at once. A batch run has none
 * ({@link #NONE}), and a method skips the work of a preview for it.
 */
public interface EditObserver {

    /** Observes nothing. */
    EditObserver NONE = new EditObserver() {
    };

    /**
     * One point of a loss curve.
     *
     * @param curve the stage's name ({@code registration})
     * @param iteration 1 for the first
     * @param total the iterations the stage will run (per context window: a clip that splits counts each window's)
     */
    default void loss(String curve, int iteration, int total, double loss) {
    }

    /**
     * The result as it stands: one frame of what the current step predicts the clean video to be.
     *
     * @param stage what produced it, in words ({@code editing, placement pass 1 of 2})
     * @param step 1 for the first
     * @param steps the stage's steps
     * @param frame the frame (its {@link RgbFrame#index()} is the clip's frame it shows)
     */
    default void preview(String stage, int step, int steps, RgbFrame frame) {
    }

    /** False for {@link #NONE}: a method need not make previews nobody sees. */
    default boolean wantsPreviews() {
        return this != NONE;
    }
}
