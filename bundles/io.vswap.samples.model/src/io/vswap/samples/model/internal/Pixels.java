package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.video.api.RgbFrame;

/** Frames as the sample world makes them (HWC, [0, 1]) to and from model tensors (NCHW, [-1, 1]). */
final class Pixels {

    private Pixels() {
    }

    static NDArray toTensor(NDManager m, List<float[]> hwc, int size) {
        int plane = size * size;
        float[] out = new float[hwc.size() * 3 * plane];
        for (int n = 0; n < hwc.size(); n++) {
            float[] src = hwc.get(n);
            int base = n * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    out[base + ch * plane + p] = src[p * 3 + ch] * 2 - 1;
                }
            }
        }
        return m.create(out, new Shape(hwc.size(), 3, size, size));
    }

    static List<float[]> toFrames(NDArray images, int size) {
        float[] v = images.toFloatArray();
        int plane = size * size;
        int n = (int) images.getShape().get(0);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] f = new float[plane * 3];
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    float x = (v[base + ch * plane + p] + 1) / 2;
                    f[p * 3 + ch] = x < 0 ? 0 : x > 1 ? 1 : x;
                }
            }
            out.add(f);
        }
        return out;
    }

    /** An HWC [0, 1] frame of {@code width × height} as 8-bit RGB. */
    static RgbFrame toRgbFrame(int index, float[] hwc, int width, int height) {
        byte[] rgb = new byte[hwc.length];
        for (int k = 0; k < hwc.length; k++) {
            rgb[k] = (byte) Math.round(255 * Math.max(0, Math.min(1, hwc[k])));
        }
        return new RgbFrame(index, width, height, rgb);
    }
}
