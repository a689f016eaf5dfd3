package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers' {@code VaeImageProcessor}: the one conversion between images and the VAE's tensors.
 * Images are plain arrays, so that this bundle needs no video types: 8-bit RGB interleaved
 * ({@code height × width × 3} bytes, as a decoded frame holds them) or floats in [0, 1] in the same
 * HWC layout (diffusers' "np" images); tensors are {@code [N, 3, H, W]} in [-1, 1].
 *
 * <p>Same formulas as diffusers ({@code x / 255}, {@code 2x − 1}, {@code (x + 1) / 2} clamped, which is
 * its {@code x / 2 + 0.5} to the last bit), with one difference: back to 8 bits, a value exactly halfway
 * rounds up ({@link Math#round(float)}), where numpy's {@code round} goes to the even neighbour.
 */
public final class VaeImageProcessor {

    private VaeImageProcessor() {
    }

    /** diffusers' {@code pil_to_numpy}: 8-bit RGB to floats in [0, 1], the same HWC layout. */
    public static float[] pilToNumpy(byte[] rgb) {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] & 0xff) / 255f;
        }
        return out;
    }

    /** diffusers' {@code numpy_to_pil}: floats in [0, 1] (clamped) to 8-bit, rounded half up. */
    public static byte[] numpyToPil(float[] images) {
        byte[] out = new byte[images.length];
        for (int i = 0; i < images.length; i++) {
            out[i] = (byte) Math.round(255 * clamp(images[i]));
        }
        return out;
    }

    /** [0, 1] to [-1, 1]: {@code 2x − 1}, into a new array. */
    public static float[] normalize(float[] images) {
        float[] out = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            out[i] = images[i] * 2 - 1;
        }
        return out;
    }

    /** [-1, 1] to [0, 1]: {@code (x + 1) / 2}, clamped (a VAE's output overshoots), into a new array. */
    public static float[] denormalize(float[] images) {
        float[] out = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            out[i] = clamp((images[i] + 1) / 2);
        }
        return out;
    }

    /** {@link #preprocess(NDManager, List, int, int)} of 8-bit RGB images ({@link #pilToNumpy} each). */
    public static NDArray preprocessRgb(NDManager manager, List<byte[]> rgb, int width, int height) {
        return preprocess(manager, rgb.stream().map(VaeImageProcessor::pilToNumpy).toList(), width, height);
    }

    /**
     * diffusers' {@code preprocess}: HWC images in [0, 1], all {@code width × height}, to the VAE's input
     * {@code [N, 3, height, width]} in [-1, 1], in {@code manager}.
     */
    public static NDArray preprocess(NDManager manager, List<float[]> images, int width, int height) {
        int plane = width * height;
        float[] out = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            float[] src = images.get(n);
            if (src.length != 3 * plane) {
                throw new IllegalArgumentException("image " + n + " has " + src.length + " values, not " + 3 * plane
                        + " (" + width + "x" + height + " RGB)");
            }
            float[] x = normalize(src);
            int base = n * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    out[base + ch * plane + p] = x[p * 3 + ch]; // HWC to CHW
                }
            }
        }
        return manager.create(out, new Shape(images.size(), 3, height, width));
    }

    /**
     * diffusers' {@code postprocess} with {@code output_type="np"}: the VAE's output {@code [N, 3, H, W]}
     * to one HWC image in [0, 1] (denormalized, clamped) per row.
     */
    public static List<float[]> postprocess(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("expected images [N, 3, H, W], got " + s);
        }
        int n = (int) s.get(0);
        int plane = (int) (s.get(2) * s.get(3));
        float[] v = images.toFloatArray();
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[plane * 3];
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    f[p * 3 + ch] = v[base + ch * plane + p]; // CHW to HWC
                }
            }
            out.add(denormalize(f));
        }
        return out;
    }

    /** {@link #postprocess} to 8-bit RGB ({@link #numpyToPil} each), diffusers' {@code output_type="pil"}. */
    public static List<byte[]> postprocessRgb(NDArray images) {
        return postprocess(images).stream().map(VaeImageProcessor::numpyToPil).toList();
    }

    private static float clamp(float x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
}
