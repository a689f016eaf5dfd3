package io.vswap.diffusion.internal.unet;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * AnimateDiff's {@code PositionalEncoding} buffer {@code pe [1, max_len, dim]}: the Transformer
 * sinusoids ({@code sin} at even, {@code cos} at odd channels), added to a frame sequence. A
 * buffer, not a parameter: computed here, replaced by the checkpoint's copy when it has one.
 */
final class PositionalEncoding {

    final String name;
    final int maxLen;
    final int dim;
    private float[] pe;

    PositionalEncoding(String name, int dim, int maxLen) {
        this.name = name;
        this.dim = dim;
        this.maxLen = maxLen;
        pe = new float[maxLen * dim];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int i = 0; i < dim; i += 2) {
                double angle = pos * Math.exp(i * (-Math.log(10000.0) / dim));
                pe[pos * dim + i] = (float) Math.sin(angle);
                if (i + 1 < dim) {
                    pe[pos * dim + i + 1] = (float) Math.cos(angle);
                }
            }
        }
    }

    Shape shape() {
        return new Shape(1, maxLen, dim);
    }

    float[] values() {
        return pe.clone();
    }

    void replace(float[] values) {
        if (values.length != pe.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + shape());
        }
        pe = values.clone();
    }

    /** {@code x [N, F, dim]} plus the first F rows. */
    NDArray forward(NDArray x) {
        int frames = Math.toIntExact(x.getShape().get(1));
        if (frames > maxLen) {
            throw new IllegalArgumentException(frames + " frames, but the motion module's position encoding covers "
                    + maxLen + " (temporal_position_encoding_max_len)");
        }
        float[] rows = Arrays.copyOf(pe, frames * dim);
        return x.add(x.getManager().create(rows, new Shape(1, frames, dim)).toType(x.getDataType(), false));
    }
}
