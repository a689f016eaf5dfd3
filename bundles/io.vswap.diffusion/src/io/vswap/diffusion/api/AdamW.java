package io.vswap.diffusion.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * AdamW over named arrays (torch.optim.AdamW's rule: decoupled weight decay; betas 0.9/0.999, eps
 * 1e-8, as diffusers' training scripts and Mix-of-Show use it), with a learning rate per array. Its
 * state — the moments and the update count — is plain arrays ({@link #state()}, {@link #restore}), so
 * that a training stopped half-way is saved and resumed exactly (DJL's own optimizers keep their
 * moments out of reach). The update is arithmetic with no gradient recorded: call it outside a
 * gradient collector. The one optimizer of the method bundles (Tune-A-Video's tuning, the concept
 * trainer); the sample model's trainer keeps its own, with its own checkpoint format.
 */
public final class AdamW implements AutoCloseable {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final double weightDecay;
    private long updates;

    /**
     * Trains {@code params} (they are marked as needing gradients until {@link #close()}).
     *
     * @param weightDecay the decoupled decay: each update shrinks a weight by rate × decay of itself
     */
    public AdamW(NDManager parent, Map<String, NDArray> params, double weightDecay) {
        this.manager = parent.newSubManager();
        this.params = new LinkedHashMap<>(params);
        this.weightDecay = weightDecay;
        for (var e : this.params.entrySet()) {
            m.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            v.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            e.getValue().setRequiresGradient(true);
        }
    }

    /** How many updates were made (the bias correction's step count). */
    public long updates() {
        return updates;
    }

    /** The global norm of the gradients; not finite when any gradient is not. */
    public double gradientNorm() {
        double sq = 0;
        for (NDArray p : params.values()) {
            // each getGradient() is a new handle: close it, or they pile up
            try (NDArray g = p.getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        return Math.sqrt(sq);
    }

    /** One update of every array at {@code rate}. */
    public void update(double rate) {
        update(name -> rate);
    }

    /**
     * One update from the arrays' gradients, each at the rate {@code rate} gives its name; an array
     * at 0 (a group no longer trained) stays as it is, its moments too. The gradients are kept.
     */
    public void update(ToDoubleFunction<String> rate) {
        updates++;
        double bc1 = 1 - Math.pow(BETA1, updates);
        double bc2 = 1 - Math.pow(BETA2, updates);
        for (var e : params.entrySet()) {
            double lr = rate.applyAsDouble(e.getKey());
            if (lr <= 0) {
                continue;
            }
            NDArray p = e.getValue();
            NDArray mi = m.get(e.getKey());
            NDArray vi = v.get(e.getKey());
            try (NDArray g = p.getGradient(); NDArray g1 = g.mul(1 - BETA1); NDArray g2 = g.square()) {
                mi.muli(BETA1).addi(g1);
                vi.muli(BETA2).addi(g2.muli(1 - BETA2));
            }
            if (weightDecay > 0) {
                p.muli(1 - lr * weightDecay); // decoupled: apart from the moments
            }
            try (NDArray vhat = vi.div(bc2); NDArray denom = vhat.sqrt(); NDArray step = mi.mul(lr / bc1)) {
                denom.addi(EPS);
                p.subi(step.divi(denom));
            }
        }
    }

    /** Zeroes the gradients natively (a gradient collector does not clear them, and NaN − NaN stays NaN). */
    public void clearGradients() {
        params.values().stream().filter(NDArray::hasGradient).forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    /** The moments by {@code m.<name>} and {@code v.<name>}: what a resumed run needs besides the weights. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    /**
     * Restores the moments ({@link #state()}'s names) and the update count of a saved run.
     *
     * @throws IllegalArgumentException naming a moment that is missing or of another size
     */
    public void restore(Map<String, float[]> moments, long updateCount) {
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

    @Override
    public void close() {
        params.values().forEach(p -> p.setRequiresGradient(false));
        manager.close();
    }
}
