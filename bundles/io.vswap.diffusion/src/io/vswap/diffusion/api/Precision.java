package io.vswap.diffusion.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * The compute precision of a network's weights and activations. Models loaded in a precision
 * hold their parameters in it, take fp32 inputs and give fp32 outputs (the cast is at the model
 * boundary), so schedulers, inversion, guidance and the editing methods stay fp32. Norm
 * statistics and attention softmax are computed in fp32 whatever the precision.
 *
 * <p>Inference only: DJL 0.35.1 casts between dtypes without autograd ({@code torchTo} runs under
 * a no-grad guard), so no gradient crosses the boundary of a model held in fp16. Training holds
 * the model in fp32 (LoRA training refuses otherwise; registration switches the UNet to fp32 and
 * back, fp16 → fp32 → fp16 being exact).
 */
public enum Precision {
    /** float32: the default on the CPU, and the only precision training runs in. */
    FP32(DataType.FLOAT32),
    /** float16: the default on a GPU. Narrow range (max 65504); on the CPU PyTorch may lack kernels. */
    FP16(DataType.FLOAT16),
    /**
     * bfloat16: float32's range with 8 bits of mantissa. PyTorch has the kernels, but the DJL
     * 0.35.1 PyTorch bindings this product embeds have no bfloat16 type (their dtype switch ends
     * in a bare {@code throw;}, so a cast to it aborts the JVM): refused with
     * {@link #requireAvailable()} until DJL maps it.
     */
    BF16(DataType.BFLOAT16);

    /** The system property that chooses it ({@code -Dvswap.precision=bf16}); set by {@code vswap batch --precision}. */
    public static final String PROPERTY = "vswap.precision";

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** {@code "fp32"}, {@code "fp16"} or {@code "bf16"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The allowed values as a user types them: {@code "fp32, fp16, bf16"}. */
    public static String allowed() {
        return Arrays.stream(values()).map(Precision::id).collect(Collectors.joining(", "));
    }

    /**
     * {@code fp32}, {@code fp16} or {@code bf16} (case-insensitive; {@code float32},
     * {@code float16}/{@code half}, {@code bfloat16} too).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Precision parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
        case "fp32", "float32", "f32" -> FP32;
        case "fp16", "float16", "f16", "half" -> FP16;
        case "bf16", "bfloat16" -> BF16;
        default -> throw new IllegalArgumentException(
                "unknown precision '" + s + "': use one of " + allowed());
        };
    }

    /** The precision of a floating-point data type, or null for other types. */
    public static Precision of(DataType t) {
        for (Precision p : values()) {
            if (p.dataType == t) {
                return p;
            }
        }
        return null;
    }

    /** Whether tensors can be held in this precision with the embedded DJL (not bf16: see {@link #BF16}). */
    public boolean available() {
        return this != BF16;
    }

    /**
     * @throws TensorRuntimeException for a precision DJL cannot hold tensors in, saying what to
     *         use instead (checked before any cast: a bf16 cast would abort the JVM)
     */
    public void requireAvailable() {
        if (!available()) {
            throw new TensorRuntimeException(id() + " is not available: the embedded DJL 0.35.1 PyTorch bindings have "
                    + "no bfloat16 type (PyTorch has the kernels, DJL cannot create or cast such tensors); use "
                    + "--precision fp16 or fp32 (-D" + PROPERTY + "=fp16)", null);
        }
    }

    /** {@code x} in this precision: {@code x} itself when it is already, else a cast copy in x's manager. */
    public NDArray cast(NDArray x) {
        if (x == null || x.getDataType() == dataType) {
            return x;
        }
        requireAvailable();
        return Tensors.cast(x, dataType);
    }

    /** {@code x} as float32 ({@code x} itself when it is); differentiable where a graph is recorded through x. */
    public static NDArray fp32(NDArray x) {
        return x == null ? null : Tensors.cast(x, DataType.FLOAT32);
    }

    /**
     * ‖a − b‖₂ / ‖b‖₂ over all elements: how far a result computed in a lower precision is from
     * the fp32 reference {@code b} (what the precision tests bound and the bench prints).
     */
    public static double relativeError(NDArray a, NDArray b) {
        float[] x = a.toType(DataType.FLOAT32, false).toFloatArray();
        float[] y = b.toType(DataType.FLOAT32, false).toFloatArray();
        if (x.length != y.length) {
            throw new IllegalArgumentException("shapes differ: " + a.getShape() + " vs " + b.getShape());
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            num += d * d;
            den += (double) y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }
}
