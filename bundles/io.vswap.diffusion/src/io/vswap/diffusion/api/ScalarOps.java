package io.vswap.diffusion.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Arithmetic with a number that stays right under autograd. Use these, not DJL's
 * {@code NDArray.mul(Number)} (nor {@code div}, {@code maximum}, {@code minimum}, {@code pow} with a
 * number, nor {@code Activation.swish}), anywhere a gradient may flow.
 *
 * <p>Why: DJL (0.35.1, PyTorch engine) wraps the number in a tensor that views a Java direct buffer
 * ({@code torch::from_blob}) and closes it as soon as the op returns. Autograd keeps that tensor for
 * the backward pass of a product, quotient or maximum; once the garbage collector has freed the
 * buffer, the backward reads freed memory and the gradient comes out zero, NaN, infinite or plainly
 * wrong. Whether it does depends on when the collector ran, so it looked like a CPU glitch: rare on
 * one machine, on every run on another (docs/gradients.md). Here the number is a tensor that
 * libtorch allocated itself ({@code full}), which autograd keeps alive as long as it needs it.
 */
public final class ScalarOps {

    private ScalarOps() {
    }

    /** {@code x · s}. */
    public static NDArray mul(NDArray x, double s) {
        try (NDArray c = scalar(x, s)) {
            return x.mul(c);
        }
    }

    /** {@code x · s} in place (no gradient may flow through {@code x} itself: PyTorch refuses in-place ops on leaves). */
    public static NDArray muli(NDArray x, double s) {
        try (NDArray c = scalar(x, s)) {
            return x.muli(c);
        }
    }

    /** {@code x / s}. */
    public static NDArray div(NDArray x, double s) {
        try (NDArray c = scalar(x, s)) {
            return x.div(c);
        }
    }

    /** {@code max(x, s)} element-wise. */
    public static NDArray maximum(NDArray x, double s) {
        try (NDArray c = scalar(x, s)) {
            return x.maximum(c);
        }
    }

    /** SiLU, {@code x · sigmoid(x)}: DJL's {@code swish(x, 1)} multiplies by a number first (see the class comment). */
    public static NDArray silu(NDArray x) {
        try (NDArray sig = Activation.sigmoid(x)) {
            return x.mul(sig);
        }
    }

    /** A 0-d tensor of {@code x}'s type, device and manager, allocated by libtorch (not a view of a Java buffer). */
    private static NDArray scalar(NDArray x, double s) {
        return x.getManager().full(new Shape(), (float) s, x.getDataType());
    }
}
