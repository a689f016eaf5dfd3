package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.vswap.diffusion.api.CLIPVisionConfig;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.Parameter;
import io.vswap.diffusion.internal.nn.Parameter.Init;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * transformers' {@code CLIPVisionEmbeddings}: the image cut into patches by a stride-{@code patch} conv
 * without bias ({@code patch_embedding}), a learnt {@code class_embedding} token in front, and
 * {@code position_embedding [patches + 1, hidden]} added.
 */
final class CLIPVisionEmbeddings {

    final Parameter class_embedding;
    final Conv2d patch_embedding;
    final Parameter position_embedding;
    private final int hidden;

    CLIPVisionEmbeddings(ParameterStore store, String prefix, CLIPVisionConfig c) {
        hidden = c.hiddenSize();
        class_embedding = store.add(key(prefix, "class_embedding"), Init.UNIFORM_FAN_IN, 1, hidden);
        patch_embedding = new Conv2d(store, key(prefix, "patch_embedding"), 3, hidden, c.patchSize(), c.patchSize(), 0,
                false);
        position_embedding = store.add(key(prefix, "position_embedding.weight"), Init.UNIFORM_FAN_IN, 1,
                c.numPositions(), hidden);
    }

    /** {@code pixels [B, 3, size, size]} → {@code [B, patches + 1, hidden]} in the pixels' manager. */
    NDArray forward(NDArray pixels) {
        long b = pixels.getShape().get(0);
        NDArray patches = patch_embedding.forward(pixels); // [B, hidden, grid, grid]
        patches = patches.reshape(b, hidden, -1).transpose(0, 2, 1);
        // each op on a parameter lands in the model's manager: the first one is moved to the step's
        NDArray cls = Tensors.scoped(class_embedding.array().reshape(1, 1, hidden), pixels).repeat(0, b);
        NDArray tokens = NDArrays.concat(new NDList(cls, patches), 1);
        return tokens.add(Tensors.scoped(position_embedding.array().expandDims(0), pixels));
    }
}
