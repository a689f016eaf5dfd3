package io.vswap.samples.model.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;

/**
 * Adam with global gradient-norm clipping, an exponential moving average of the weights, and a
 * non-finite-gradient guard (a gradient not finite from a finite loss, once the backend's glitch and
 * DJL's early-freed numbers, docs/gradients.md; the trainer replays such a step, and one still not
 * finite is skipped here).
 * Its state — moments, step count, EMA — is plain arrays, so a checkpoint saves it and a resumed run
 * continues exactly.
 */
final class AdamOptimizer implements AutoCloseable {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final Map<String, NDArray> ema = new LinkedHashMap<>();
    private final double emaDecay;
    private long step;
    private int skipped;

    AdamOptimizer(NDManager parent, Map<String, NDArray> params, double emaDecay) {
        this.manager = parent.newSubManager();
        this.params = new LinkedHashMap<>(params);
        this.emaDecay = emaDecay;
        for (var e : this.params.entrySet()) {
            NDArray p = e.getValue();
            m.put(e.getKey(), manager.zeros(p.getShape()));
            v.put(e.getKey(), manager.zeros(p.getShape()));
            NDArray copy = p.duplicate();
            copy.attach(manager);
            ema.put(e.getKey(), copy);
            p.setRequiresGradient(true);
        }
    }

    long step() {
        return step;
    }

    int skipped() {
        return skipped;
    }

    /** The averaged weights (the ones to ship), by parameter name. */
    Map<String, NDArray> ema() {
        return ema;
    }

    /**
     * One update from the parameters' gradients, which are cleared afterwards.
     *
     * @return the gradient norm before clipping, or NaN when the step was skipped for non-finite gradients
     */
    double update(double lr, double clipNorm) {
        double norm = gradientNorm();
        if (!Double.isFinite(norm)) {
            skipped++;
            clearGradients();
            return Double.NaN;
        }
        step++;
        double scale = norm > clipNorm ? clipNorm / norm : 1;
        double bc1 = 1 - Math.pow(BETA1, step);
        double bc2 = 1 - Math.pow(BETA2, step);
        double decay = Math.min(emaDecay, (1.0 + step) / (10.0 + step));
        for (var e : params.entrySet()) {
            NDArray p = e.getValue();
            NDArray mi = m.get(e.getKey());
            NDArray vi = v.get(e.getKey());
            try (NDArray g = p.getGradient(); NDArray g1 = g.mul((1 - BETA1) * scale); NDArray g2 = g.square()) {
                mi.muli(BETA1).addi(g1);
                g2.muli((1 - BETA2) * scale * scale);
                vi.muli(BETA2).addi(g2);
            }
            try (NDArray vhat = vi.div(bc2); NDArray denom = vhat.sqrt(); NDArray upd = mi.mul(lr / bc1)) {
                denom.addi(EPS);
                upd.divi(denom);
                p.subi(upd);
            }
            NDArray av = ema.get(e.getKey());
            try (NDArray part = p.mul(1 - decay)) {
                av.muli(decay).addi(part);
            }
        }
        clearGradients();
        return norm;
    }

    /** The global norm of the parameters' gradients; not finite when any gradient is not. */
    double gradientNorm() {
        double sq = 0;
        for (NDArray p : params.values()) {
            // each getGradient() is a new handle on the parameter's manager: close it, or they pile up
            try (NDArray g = p.getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        return Math.sqrt(sq);
    }

    void clearGradients() {
        // GradientCollector does not clear, and NaN − NaN stays NaN: zero them natively
        params.values().stream().filter(NDArray::hasGradient).forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    void save(SafetensorsWriter w) {
        w.metadata("adam_step", Long.toString(step));
        w.metadata("adam_skipped", Integer.toString(skipped));
        for (String k : params.keySet()) {
            w.add("m." + k, m.get(k));
            w.add("v." + k, v.get(k));
            w.add("ema." + k, ema.get(k));
        }
    }

    void load(SafetensorsFile f) throws IOException {
        step = Long.parseLong(f.metadata().getOrDefault("adam_step", "0"));
        skipped = Integer.parseInt(f.metadata().getOrDefault("adam_skipped", "0"));
        for (String k : params.keySet()) {
            replace(m, k, f.load("m." + k, manager));
            replace(v, k, f.load("v." + k, manager));
            replace(ema, k, f.load("ema." + k, manager));
        }
    }

    private static void replace(Map<String, NDArray> map, String k, NDArray a) {
        NDArray old = map.put(k, a);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        params.values().forEach(p -> p.setRequiresGradient(false));
        manager.close();
    }
}
