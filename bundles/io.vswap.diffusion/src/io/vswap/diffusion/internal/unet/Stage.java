package io.vswap.diffusion.internal.unet;

import java.util.List;
import java.util.function.BinaryOperator;

import ai.djl.ndarray.NDArray;

/**
 * One layer of a UNet block (a resnet, a transformer, a motion module, a resampler), so that a
 * block's forward and its checkpointed backward ({@link CheckpointedBackward}: one layer's
 * activations held at a time) run the very same steps.
 *
 * @param readsSkip an up block's resnet: {@code apply}'s second input is the skip it joins
 * @param emitsSkip a down block's output that goes on the skip stack
 * @param takesResidual a down block's last layer: {@code apply}'s second input is the adapter residual (or null)
 * @param apply the layer: {@code (h, skip-or-residual-or-null) -> out}
 */
record Stage(boolean readsSkip, boolean emitsSkip, boolean takesResidual, BinaryOperator<NDArray> apply) {

    static Stage layer(java.util.function.UnaryOperator<NDArray> f) {
        return new Stage(false, false, false, (h, unused) -> f.apply(h));
    }

    /** A block whose layers are {@link Stage}s. */
    interface Staged {

        /** The block's layers in order, for these inputs ({@code frames} 0: no motion modules). */
        List<Stage> stages(NDArray temb, NDArray context, int frames);
    }
}
