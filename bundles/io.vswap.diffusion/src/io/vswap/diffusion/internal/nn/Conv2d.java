package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.diffusion.internal.nn.Parameter.Init;

/** {@code torch.nn.Conv2d} with a square kernel: {@code weight [out, in, k, k]}, optional {@code bias [out]}. */
public final class Conv2d {

    /**
     * While gradients are recorded, output channels are padded to a multiple of this. oneDNN's
     * backward of a convolution with fewer output channels than one SIMD block (3, 4, 8, 12: the
     * UNet's and the VAE's {@code conv_out}) gives a wrong input gradient on some CPUs, with a batch
     * of more than one (docs/gradients.md); with zero filters added the kernel for full blocks runs,
     * which is right, and the added outputs are dropped (their gradient is zero).
     */
    static final int CHANNEL_BLOCK = 16;

    final Parameter weight;
    final Parameter bias;
    private final Shape stride;
    private final Shape padding;

    public Conv2d(ParameterStore store, String prefix, int in, int out, int kernel, int stride, int padding) {
        this(store, prefix, in, out, kernel, stride, padding, true);
    }

    /** @param withBias false for a {@code bias=False} conv (CLIP's patch embedding) */
    public Conv2d(ParameterStore store, String prefix, int in, int out, int kernel, int stride, int padding,
            boolean withBias) {
        long fanIn = (long) in * kernel * kernel;
        weight = store.add(ParameterStore.key(prefix, "weight"), Init.UNIFORM_FAN_IN, fanIn, out, in, kernel, kernel);
        bias = withBias ? store.add(ParameterStore.key(prefix, "bias"), Init.UNIFORM_FAN_IN, fanIn, out) : null;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    public NDArray forward(NDArray x) {
        return convolve(x, weight.array(), bias == null ? null : bias.array(), stride, padding);
    }

    /**
     * The convolution every block runs: DJL's, except while gradients are recorded for an output
     * narrower than {@link #CHANNEL_BLOCK}, where the filters are padded with zeros (inference is
     * untouched: the same kernels, the same results). {@code b} may be null (no bias).
     */
    public static NDArray convolve(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        long out = w.getShape().get(0);
        if (out % CHANNEL_BLOCK == 0 || !JniUtils.isGradMode()) {
            return conv(x, w, b, stride, padding);
        }
        long padded = (out + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
        Shape ws = w.getShape();
        try (NDArray zw = x.getManager().zeros(new Shape(padded - out, ws.get(1), ws.get(2), ws.get(3)), w.getDataType());
                NDArray zb = x.getManager().zeros(new Shape(padded - out), w.getDataType());
                // concat's result lands in the parameter's manager: scoped to the step's
                NDArray wp = Tensors.scoped(w.concat(zw, 0), x);
                NDArray bp = b == null ? null : Tensors.scoped(b.concat(zb, 0), x)) {
            NDArray y = conv(x, wp, bp, stride, padding);
            return y.get(":, 0:" + out);
        }
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1), 1).singletonOrThrow();
    }
}
