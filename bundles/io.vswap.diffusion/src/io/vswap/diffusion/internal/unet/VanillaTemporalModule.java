package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/** AnimateDiff's {@code VanillaTemporalModule}: a {@code temporal_transformer} (head width = channels / heads). */
final class VanillaTemporalModule {

    final TemporalTransformer3DModel temporal_transformer;

    VanillaTemporalModule(ParameterStore store, String prefix, int channels, MotionModuleConfig c) {
        temporal_transformer = new TemporalTransformer3DModel(store, key(prefix, "temporal_transformer"), channels,
                c.numAttentionHeads(), c.numTransformerBlocks(), c.attentionBlocksPerTransformerBlock(),
                c.normNumGroups(), c.temporalPositionEncoding(), c.temporalPositionEncodingMaxLen());
    }

    NDArray forward(NDArray x, int frames) {
        return Tensors.local(x, in -> temporal_transformer.forward(in, frames));
    }
}
