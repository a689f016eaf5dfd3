package io.vswap.concepts.internal.training;

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
 * AdamW (decoupled weight decay, as torch.optim.AdamW that Mix-of-Show uses) with a learning rate per
 * parameter group. Its moments are plain arrays a checkpoint saves, so a resumed training continues
 * exactly. The update does arithmetic with Java numbers: no gradient flows through it.
 */
final class AdamW implements AutoCloseable {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final double weightDecay;
    private long updates;

    AdamW(NDManager parent, Map<String, NDArray> params, double weightDecay) {
        this.manager = parent.newSubManager();
        this.params = new LinkedHashMap<>(params);
        this.weightDecay = weightDecay;
        for (var e : this.params.entrySet()) {
            first.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            second.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            e.getValue().setRequiresGradient(true);
        }
    }

    /**
     * One update of every parameter {@code lr} gives a rate above 0 (a group at 0 stays as it is, its
     * moments too); the gradients are cleared afterwards.
     *
     * @return whether the gradients were finite (else nothing changed)
     */
    boolean update(java.util.function.ToDoubleFunction<String> lr) {
        if (!Double.isFinite(gradientNorm())) {
            clearGradients();
            return false;
        }
        updates++;
        double bc1 = 1 - Math.pow(BETA1, updates);
        double bc2 = 1 - Math.pow(BETA2, updates);
        for (var e : params.entrySet()) {
            double rate = lr.applyAsDouble(e.getKey());
            if (rate <= 0) {
                continue;
            }
            NDArray p = e.getValue();
            NDArray m = first.get(e.getKey());
            NDArray v = second.get(e.getKey());
            try (NDArray g = p.getGradient(); NDArray gm = g.mul(1 - BETA1); NDArray gv = g.square()) {
                m.muli(BETA1).addi(gm);
                v.muli(BETA2).addi(gv.muli(1 - BETA2));
            }
            if (weightDecay > 0) {
                p.muli(1 - rate * weightDecay);
            }
            try (NDArray vhat = v.div(bc2); NDArray denom = vhat.sqrt(); NDArray step = m.mul(rate / bc1)) {
                denom.addi(EPS);
                p.subi(step.divi(denom));
            }
        }
        clearGradients();
        return true;
    }

    double gradientNorm() {
        double sq = 0;
        for (NDArray p : params.values()) {
            try (NDArray g = p.getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                sq += s.getFloat();
            }
        }
        return Math.sqrt(sq);
    }

    void clearGradients() {
        // GradientCollector does not clear them: zero them natively
        params.values().stream().filter(NDArray::hasGradient).forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
    }

    void save(SafetensorsWriter w) {
        w.metadata("adam_updates", Long.toString(updates));
        for (String k : params.keySet()) {
            w.add("adam.m." + k, first.get(k));
            w.add("adam.v." + k, second.get(k));
        }
    }

    void load(SafetensorsFile f) throws IOException {
        updates = Long.parseLong(f.metadata().get("adam_updates"));
        for (String k : params.keySet()) {
            first.get(k).set(EdLoraModel.ALL, f.load("adam.m." + k, manager));
            second.get(k).set(EdLoraModel.ALL, f.load("adam.v." + k, manager));
        }
    }

    @Override
    public void close() {
        params.values().forEach(p -> p.setRequiresGradient(false));
        manager.close();
    }
}
