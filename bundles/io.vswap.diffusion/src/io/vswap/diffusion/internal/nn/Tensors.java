package io.vswap.diffusion.internal.nn;

import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.internal.TorchScriptModule;

/** Functional ops the blocks share. */
public final class Tensors {

    /** {@code x.type_as(like)}: a cast that autograd differentiates (its gradient cast back to x's type). */
    private static final TorchScriptModule TYPE_AS = new TorchScriptModule("TypeAs", """
            class TypeAs(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.TypeAs,
                x: Tensor,
                like: Tensor) -> Tensor:
                return torch.type_as(x, like)
            """, "PyTorch's differentiable cast");

    private Tensors() {
    }

    /**
     * {@code x} in {@code type} ({@code x} itself when it is already), in x's manager. DJL's own
     * cast runs without autograd (no gradient would cross it), so where a graph may be recorded
     * (grad mode on) the cast is PyTorch's {@code type_as}, whose gradient comes back
     * in x's type: a half-precision UNet can then be differentiated with its normalisations and
     * softmaxes in fp32, as autocast runs them.
     */
    public static NDArray cast(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        // DJL tells a leaf that requires a gradient, not an intermediate of a graph: under grad mode
        // every cast goes through type_as (on a tensor outside any graph it is a plain copy)
        if (JniUtils.isGradMode()) {
            try (NDArray like = x.getManager().zeros(new Shape(1), type)) {
                return TYPE_AS.call(x, like);
            }
        }
        return x.toType(type, false);
    }

    /**
     * Attaches {@code result} to {@code anchor}'s manager. An op's result belongs to its first
     * input's manager; where that input is a parameter, the result would otherwise pile up in
     * the model's manager at every step.
     */
    public static NDArray scoped(NDArray result, NDArray anchor) {
        result.attach(anchor.getManager());
        return result;
    }

    /**
     * Runs a module on {@code x} with its intermediates in a manager of their own, closed when it
     * returns: only the result survives, in {@code x}'s manager. Without it every intermediate of
     * a UNet pass lives until the step's manager closes (at SD 1.5 size, gigabytes per image).
     * Autograd keeps what the backward needs by its own references, so this is safe under a
     * gradient collector too. Results of ops whose first input is not {@code x} (a parameter, the
     * time embedding) land in their first input's manager as before.
     */
    public static NDArray local(NDArray x, UnaryOperator<NDArray> module) {
        NDManager outer = x.getManager();
        try (NDManager scope = outer.newSubManager()) {
            x.tempAttach(scope);
            NDArray y = module.apply(x);
            y.attach(outer);
            return y;
        }
    }

    /** SiLU, {@code x·sigmoid(x)} ({@link ScalarOps#silu}: DJL's swish is wrong under autograd). */
    public static NDArray silu(NDArray x) {
        return ScalarOps.silu(x);
    }

    /** Exact (erf) GELU, as {@code torch.nn.functional.gelu}'s default. */
    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /** Nearest-neighbour 2× upsampling of {@code [N, C, H, W]} (each pixel repeated along H and W). */
    public static NDArray upsampleNearest2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }
}
