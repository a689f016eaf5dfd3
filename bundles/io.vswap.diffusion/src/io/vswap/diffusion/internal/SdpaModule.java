package io.vswap.diffusion.internal;

import ai.djl.ndarray.NDArray;

/**
 * PyTorch's {@code scaled_dot_product_attention}, which DJL's bindings do not offer, as a
 * {@link TorchScriptModule}. On the CPU it runs PyTorch's flash-attention kernel (forward and
 * backward: the backward keeps q, k, v, the output and a log-sum-exp per row instead of the
 * {@code [N, N]} probabilities); on a GPU the flash or memory-efficient CUDA kernels. The CPU
 * flash kernel takes 4-D {@code [batch, heads, tokens, dim]} inputs only (on 3-D ones PyTorch
 * falls back to its math kernel, which materialises the scores), so 3-D inputs are run as one
 * head each.
 */
public final class SdpaModule {

    private static final TorchScriptModule MODULE = new TorchScriptModule("SDPA", """
            class SDPA(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.SDPA,
                q: Tensor,
                k: Tensor,
                v: Tensor) -> Tensor:
                if torch.eq(torch.dim(q), 3):
                  out = torch.scaled_dot_product_attention(torch.unsqueeze(q, 1), torch.unsqueeze(k, 1), torch.unsqueeze(v, 1))
                  return torch.squeeze(out, 1)
                return torch.scaled_dot_product_attention(q, k, v)
            """, "PyTorch's scaled-dot-product attention");

    private static final SdpaModule INSTANCE = new SdpaModule();

    private SdpaModule() {
    }

    /**
     * The module, loaded once per process with {@code like}'s engine; throws, saying why, when the
     * engine cannot load it (then every later call throws the same).
     */
    public static SdpaModule get(NDArray like) {
        MODULE.load(like);
        return INSTANCE;
    }

    /** {@code softmax(q·kᵀ/√d)·v} for {@code [batch, tokens, dim]} or {@code [batch, heads, tokens, dim]}; in q's manager. */
    public NDArray attend(NDArray q, NDArray k, NDArray v) {
        return MODULE.call(q, k, v);
    }

    /** For tests: whether the module is loaded in this process. */
    public static boolean loaded() {
        return MODULE.loaded();
    }
}
