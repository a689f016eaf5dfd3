package io.vswap.method.tuneavideo.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * AdamW (decoupled weight decay, as the paper's training script uses through diffusers' defaults:
 * betas 0.9/0.999, eps 1e-8, decay 0.01) over named arrays. Its state — moments and update count —
 * is plain arrays, so that a tuning stopped half-way is saved and resumed exactly (DJL's own
 * optimizers keep their moments out of reach).
 */
final class AdamW implements AutoCloseable {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final double learningRate;
    private final double weightDecay;
    private long updates;

    AdamW(NDManager parent, Map<String, NDArray> params, double learningRate, double weightDecay) {
        this.manager = parent.newSubManager();
        this.params = new LinkedHashMap<>(params);
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        for (var e : this.params.entrySet()) {
            m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            e.getValue().setRequiresGradient(true);
        }
    }

    long updates() {
        return updates;
    }

    /** The moments, by {@code m.<name>} and {@code v.<name>}: what a resumed run needs besides the weights. */
    Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    /** Restores the moments and the update count of a saved run. */
    void restore(Map<String, float[]> moments, long updateCount) {
        for (String k : params.keySet()) {
            m.get(k).set(required(moments, "m." + k, m.get(k)));
            v.get(k).set(required(moments, "v." + k, v.get(k)));
        }
        updates = updateCount;
    }

    private static float[] required(Map<String, float[]> values, String name, NDArray like) {
        float[] a = values.get(name);
        if (a == null || a.length != like.size()) {
            throw new IllegalArgumentException("the saved optimizer state has no " + name + " of " + like.size()
                    + " values");
        }
        return a;
    }

    /** The global norm of the gradients; not finite when any gradient is not. */
    double gradientNorm() {
        double sq = 0;
        for (NDArray p : params.values()) {
            // each getGradient() is a new handle: close it, or they pile up
            try (NDArray g = p.getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        return Math.sqrt(sq);
    }

    /** One update from the parameters' gradients (no gradient flows here, so DJL's number arithmetic is safe). */
    void update() {
        updates++;
        double bc1 = 1 - Math.pow(BETA1, updates);
        double bc2 = 1 - Math.pow(BETA2, updates);
        for (var e : params.entrySet()) {
            NDArray p = e.getValue();
            NDArray mi = m.get(e.getKey());
            NDArray vi = v.get(e.getKey());
            try (NDArray g = p.getGradient(); NDArray g1 = g.mul(1 - BETA1); NDArray g2 = g.square()) {
                mi.muli(BETA1).addi(g1);
                g2.muli(1 - BETA2);
                vi.muli(BETA2).addi(g2);
            }
            try (NDArray decay = p.mul(learningRate * weightDecay)) {
                p.subi(decay); // decoupled: the weight shrinks by lr·wd of itself, apart from the moments
            }
            try (NDArray vhat = vi.div(bc2); NDArray denom = vhat.sqrt(); NDArray upd = mi.mul(learningRate / bc1)) {
                denom.addi(EPS);
                upd.divi(denom);
                p.subi(upd);
            }
        }
    }

    /** GradientCollector does not clear, and NaN − NaN stays NaN: zeroed natively. */
    void clearGradients() {
        params.values().stream().filter(NDArray::hasGradient).forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    @Override
    public void close() {
        params.values().forEach(p -> p.setRequiresGradient(false));
        manager.close();
    }
}
