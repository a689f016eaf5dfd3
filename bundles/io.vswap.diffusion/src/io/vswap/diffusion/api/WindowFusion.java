package io.vswap.diffusion.api;

import java.util.List;
import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The weighted average, frame by frame, of what each {@link ContextWindows.Window} computed for
 * its frames: a noise prediction, an attention map. Each frame's result is
 * {@code Σ_w weight_w(f)·value_w(f) / Σ_w weight_w(f)} over the windows that hold it. Values are
 * summed on the host in float64: a noise prediction of SD 1.5 is 64 KB per frame.
 */
public final class WindowFusion {

    private final int frames;
    private final int cells;
    private final double[] sum;
    private final double[] weight;

    /** @param cells values per frame (e.g. C·h·w) */
    public WindowFusion(int frames, int cells) {
        this.frames = frames;
        this.cells = cells;
        this.sum = new double[Math.multiplyExact(frames, cells)];
        this.weight = new double[frames];
    }

    /** Adds a window's values {@code [count·cells]}, frame-major in the window's order. */
    public void add(ContextWindows.Window window, float[] values) {
        if (values.length != window.count() * cells) {
            throw new IllegalArgumentException(values.length + " values for a window of " + window.count()
                    + " frames of " + cells);
        }
        for (int i = 0; i < window.count(); i++) {
            int f = window.frame(i);
            double w = window.weights()[i];
            weight[f] += w;
            int to = f * cells;
            int from = i * cells;
            for (int c = 0; c < cells; c++) {
                sum[to + c] += w * values[from + c];
            }
        }
    }

    /** Adds a window's result {@code [count, …]} (any float type; read as float32). */
    public void add(ContextWindows.Window window, NDArray values) {
        add(window, values.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
    }

    /** The fused values {@code [F·cells]}; refuses when a frame was in no window. */
    public float[] fused() {
        float[] out = new float[sum.length];
        for (int f = 0; f < frames; f++) {
            if (!(weight[f] > 0)) {
                throw new IllegalStateException("frame " + f + " of " + frames + " was in no context window");
            }
            for (int c = 0; c < cells; c++) {
                out[f * cells + c] = (float) (sum[f * cells + c] / weight[f]);
            }
        }
        return out;
    }

    /** {@link #fused()} as an array of {@code shape} (its first axis the frames) in {@code manager}. */
    public NDArray fused(NDManager manager, Shape shape) {
        return manager.create(fused(), shape);
    }

    /** Whether {@code windows} are the whole clip of {@code frames} in one window. */
    public static boolean whole(List<ContextWindows.Window> windows, int frames) {
        return windows.size() == 1 && windows.get(0).count() == frames && windows.get(0).spacing() == 1;
    }

    /**
     * {@code pass} on each window's rows of {@code x} ({@code [F, …]}), each window in a sub-manager of
     * {@code x}'s closed after it, the results {@code [count, …]} fused into one {@code [F, …]} of
     * {@code x}'s shape in {@code x}'s manager.
     *
     * @return null when {@code pass} gave null for a window (a result that could not be computed)
     */
    public static NDArray run(List<ContextWindows.Window> windows, NDArray x, BiFunction<ContextWindows.Window, NDArray, NDArray> pass) {
        int frames = (int) x.getShape().get(0);
        if (whole(windows, frames)) {
            return pass.apply(windows.get(0), x);
        }
        NDManager home = x.getManager();
        WindowFusion fusion = new WindowFusion(frames, (int) (x.getShape().size() / frames));
        for (ContextWindows.Window w : windows) {
            try (NDManager m = home.newSubManager()) {
                NDArray xw = x.get(w.rows());
                xw.attach(m);
                NDArray out = pass.apply(w, xw);
                if (out == null) {
                    return null;
                }
                fusion.add(w, out);
                out.close(); // wherever the pass made it
            }
        }
        return fusion.fused(home, x.getShape());
    }

    /** Fuses per-window maps {@code [count·cells]} taken in {@code windows}' order into {@code [F·cells]}. */
    public static float[] fuse(List<ContextWindows.Window> windows, List<float[]> maps, int frames, int cells) {
        if (whole(windows, frames)) {
            return maps.get(0);
        }
        WindowFusion fusion = new WindowFusion(frames, cells);
        for (int i = 0; i < windows.size(); i++) {
            fusion.add(windows.get(i), maps.get(i));
        }
        return fusion.fused();
    }
}
