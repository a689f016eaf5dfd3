package io.vswap.diffusion.internal.unet;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.vswap.diffusion.api.FeedForwardChunking;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code FeedForward} with GEGLU (mult 4): {@code net.0.proj} to twice the inner
 * width, {@code hidden · gelu(gate)} (hidden the first half), dropout ({@code net.1}),
 * {@code net.2} back to {@code dim}. Runs on chunks of tokens where the hidden activations would
 * exceed {@link FeedForwardChunking}'s budget.
 */
final class FeedForward {

    final Linear net_0_proj;
    final Linear net_2;
    private final long hiddenWidth;

    FeedForward(ParameterStore store, String prefix, int dim) {
        int inner = dim * 4;
        hiddenWidth = inner * 2L;
        net_0_proj = new Linear(store, key(prefix, "net.0.proj"), dim, inner * 2, true);
        net_2 = new Linear(store, key(prefix, "net.2"), inner, dim, true);
    }

    NDArray forward(NDArray x) {
        long dim = x.getShape().get(x.getShape().dimension() - 1);
        long tokens = x.size() / dim;
        long rowBytes = hiddenWidth * x.getDataType().getNumOfBytes();
        long chunk = Math.max(1, FeedForwardChunking.budgetBytes(x.getDevice()) / rowBytes);
        if (tokens <= chunk) {
            return Tensors.local(x, this::compute);
        }
        return Tensors.local(x, in -> {
            NDArray rows = in.reshape(tokens, dim);
            NDList parts = new NDList();
            for (long r = 0; r < tokens; r += chunk) {
                parts.add(Tensors.local(rows.get(r + ":" + Math.min(tokens, r + chunk)), this::compute));
            }
            return NDArrays.concat(parts, 0).reshape(in.getShape());
        });
    }

    private NDArray compute(NDArray x) {
        NDArray proj = net_0_proj.forward(x);
        NDList halves = proj.split(2, proj.getShape().dimension() - 1);
        return net_2.forward(halves.get(0).mul(Tensors.gelu(halves.get(1))));
    }
}
