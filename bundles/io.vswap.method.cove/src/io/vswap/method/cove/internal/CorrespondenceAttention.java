package io.vswap.method.cove.internal;

import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DotProductAttention;

/**
 * COVE's correspondence-guided attention (§3.3, Eq. 11–14) as an {@link AttentionProcessor} of the
 * UNet's self-attention layers: each token of each frame attends, in one softmax, to the tokens of
 * its own frame (the image model's own self-attention) and to its K corresponding tokens in every
 * other frame, sampled from the same layer's keys and values by the correspondences of the layer's
 * grid; those are first merged over time ({@link #mergeRatio}, ToMe's bipartite soft matching with
 * proportional attention, Eq. 12).
 *
 * <p>The paper keeps a spatio-temporal attention beside this one; here the own frame's tokens join the
 * correspondence tokens in the same softmax, which costs one attention instead of two and is exact in
 * two limits the tests check: on a one-frame clip it is the image model's attention, and with K
 * covering every token of every frame (and no merging) it is dense spatio-temporal attention.
 *
 * <p>The batch holds groups of {@code frames} frames (one clip, or the two halves of classifier-free
 * guidance), heads split into the batch as {@code (group · frames + frame) · heads + head}.
 * Cross-attention layers run as plain attention.
 */
public final class CorrespondenceAttention implements AttentionProcessor {

    private final int frames;
    private final double mergeRatio;
    private final Map<Integer, Correspondences> byTokens = new HashMap<>();
    private final Map<Integer, long[]> indices = new HashMap<>();
    private final Map<Integer, float[]> weights = new HashMap<>();

    /**
     * @param grids the correspondences of each token grid the layers run at
     * @param mergeRatio share of a token's corresponding tokens merged away (0 to 0.5)
     */
    public CorrespondenceAttention(int frames, Iterable<Correspondences> grids, double mergeRatio) {
        if (!(mergeRatio >= 0 && mergeRatio <= 0.5)) {
            throw new IllegalArgumentException("merge ratio " + mergeRatio + " outside [0, 0.5]");
        }
        this.frames = frames;
        this.mergeRatio = mergeRatio;
        for (Correspondences c : grids) {
            if (c.frames() != frames) {
                throw new IllegalArgumentException("correspondences of " + c.frames() + " frames for a clip of " + frames);
            }
            byTokens.put(c.tokens(), c);
            long[] idx = new long[c.index().length];
            float[] w = new float[idx.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = Math.max(0, c.index()[i]); // a missing token is read as token 0, weighted 0
                w[i] = c.index()[i] < 0 ? 0 : 1;
            }
            indices.put(c.tokens(), idx);
            weights.put(c.tokens(), w);
        }
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        if (layer.crossAttention() || frames == 1) {
            return DotProductAttention.attention(query, key, value);
        }
        long bh = query.getShape().get(0);
        int n = (int) query.getShape().get(1);
        int heads = layer.heads();
        if (bh % ((long) frames * heads) != 0) {
            throw new IllegalStateException("a batch of " + bh / heads + " images is no whole number of " + frames
                    + "-frame clips");
        }
        Correspondences c = byTokens.get(n);
        if (c == null) {
            throw new IllegalStateException("no correspondences for layer " + layer.name() + " (" + n + " tokens); "
                    + "grids: " + byTokens.keySet());
        }
        NDManager home = query.getManager();
        DataType type = query.getDataType();
        try (NDManager scratch = home.newSubManager()) {
            query.tempAttach(scratch);
            key.tempAttach(scratch);
            value.tempAttach(scratch);
            NDArray out = attend(c, (int) (bh / ((long) frames * heads)), heads, fp32(query), fp32(key), fp32(value),
                    scratch);
            if (out.getDataType() != type) {
                out = out.toType(type, false);
            }
            out.attach(home);
            return out;
        }
    }

    private static NDArray fp32(NDArray x) {
        return x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    }

    private NDArray attend(Correspondences c, int groups, int heads, NDArray q, NDArray k, NDArray v, NDManager m) {
        int n = c.tokens();
        int per = c.perToken();
        long d = q.getShape().get(2);
        long bh = q.getShape().get(0);
        long rows = bh * n;
        NDArray qs = q.mul((float) (1 / Math.sqrt(d)));
        NDArray own = qs.batchMatMul(k.transpose(0, 2, 1)); // [BH, N, N]: the frame's own self-attention
        // Eq. 11: the corresponding tokens of every token, from the other frames of its group
        NDArray idx = m.create(indices.get(n), new Shape(indices.get(n).length));
        NDArray kc = gather(k, idx, groups, heads, n, per, d);
        NDArray vc = gather(v, idx, groups, heads, n, per, d);
        NDArray w = m.create(weights.get(n), new Shape(1, frames, 1, n, per))
                .broadcast(new Shape(groups, frames, heads, n, per)).reshape(rows, per);
        Merged merged = mergeRatio > 0 && per >= 2 ? merge(kc, vc, w, c.evenPart(), per) : new Merged(kc, vc, w);
        // Eq. 13-14, with ToMe's proportional attention: a merged token counts as many as it stands for
        NDArray corr = qs.reshape(rows, 1, d).batchMatMul(merged.keys.transpose(0, 2, 1))
                .reshape(rows, -1).add(merged.weights.log()).reshape(bh, n, -1);
        NDArray p = NDArrays.concat(new NDList(own, corr), 2).softmax(-1);
        NDArray fromOwn = p.get(new NDIndex(":, :, 0:{}", n)).batchMatMul(v);
        NDArray fromCorr = p.get(new NDIndex(":, :, {}:", n)).reshape(rows, 1, -1).batchMatMul(merged.values)
                .reshape(bh, n, d);
        return fromOwn.add(fromCorr);
    }

    /** {@code [BH·N, per, d]}: for each row (group, frame, head, token), the keys or values at its correspondences. */
    private NDArray gather(NDArray x, NDArray idx, int groups, int heads, int n, int per, long d) {
        // tokens first, named frame · N + p, so that one index takes every group's and head's row at once
        NDArray byToken = x.reshape(groups, frames, heads, n, d).transpose(1, 3, 0, 2, 4)
                .reshape((long) frames * n, (long) groups * heads * d);
        return byToken.get(new NDIndex("{}", idx)).reshape(frames, n, per, groups, heads, d)
                .transpose(3, 0, 4, 1, 2, 5).reshape((long) groups * frames * heads * n, per, d);
    }

    /** Keys, values and how many tokens each stands for (0: none, merged away or missing). */
    private record Merged(NDArray keys, NDArray values, NDArray weights) {
    }

    /**
     * Eq. 12, ToMe's bipartite soft matching over time: the tokens of a row's even-position frames
     * (set A) each find their most similar key among the odd-position frames' (set B); the
     * {@code round(ratio · per)} best-matched A tokens are averaged into their B tokens (weighted by
     * what each already stands for) and leave.
     */
    private Merged merge(NDArray kc, NDArray vc, NDArray w, int even, int per) {
        int r = (int) Math.min(even, Math.round(mergeRatio * per));
        if (r == 0 || even == 0 || even == per) {
            return new Merged(kc, vc, w);
        }
        NDIndex a = new NDIndex(":, 0:{}", even), b = new NDIndex(":, {}:", even);
        NDArray kA = kc.get(a), kB = kc.get(b), vA = vc.get(a), vB = vc.get(b);
        NDArray wA = w.get(a), wB = w.get(b);
        NDArray sim = unit(kA).batchMatMul(unit(kB).transpose(0, 2, 1)).add(wB.log().expandDims(1)); // [rows, A, B]
        NDArray best = sim.max(new int[] { 2 }).add(wA.log());
        NDArray target = sim.argMax(2);
        NDArray rank = best.argSort(1, false).argSort(1, true); // 0: A's best-matched token
        NDArray chosen = rank.lt(r).logicalAnd(best.gt(-1e30f)).toType(DataType.FLOAT32, false);
        NDArray assign = target.oneHot(per - even).mul(chosen.expandDims(2)); // [rows, A, B]
        NDArray assignT = assign.transpose(0, 2, 1);
        NDArray size = wB.add(assign.sum(new int[] { 1 }));
        NDArray divisor = size.maximum(1f).expandDims(2);
        NDArray kMerged = kB.mul(wB.expandDims(2)).add(assignT.batchMatMul(kA)).div(divisor);
        NDArray vMerged = vB.mul(wB.expandDims(2)).add(assignT.batchMatMul(vA)).div(divisor);
        NDArray keptA = wA.mul(chosen.neg().add(1f));
        if (keptA.sum().getFloat() == 0) {
            return new Merged(kMerged, vMerged, size); // every A token merged: they leave the attention
        }
        return new Merged(NDArrays.concat(new NDList(kA, kMerged), 1), NDArrays.concat(new NDList(vA, vMerged), 1),
                NDArrays.concat(new NDList(keptA, size), 1));
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[] { 2 }, true).sqrt().maximum(1e-12f));
    }
}
