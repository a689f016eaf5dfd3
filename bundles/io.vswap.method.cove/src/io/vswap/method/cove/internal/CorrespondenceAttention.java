package io.vswap.method.cove.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * grid; those are first merged over time ({@link #mergeRatio}: neighbouring frames' corresponding
 * tokens averaged in pairs, with ToMe's proportional attention, Eq. 12).
 *
 * <p>The paper "retain[s] the spatial-temporal attention" (§3.3: a query attends to every token of the
 * clip) beside this one; here, with {@code spatioTemporal}, the clip's tokens join the correspondence
 * tokens in the same softmax (one attention instead of two: the corresponding tokens are then attended
 * to once more, which is how this attention raises their share); without it, the own frame's tokens
 * do. Exact in the limits the tests check: on a one-frame clip it is the image model's attention; with
 * K covering every token of every frame (and no merging) it is dense attention over the clip's tokens
 * and the other frames' tokens once more (or, without {@code spatioTemporal}, over the clip's).
 *
 * <p>The batch holds groups of {@code frames} frames (one clip, or the two halves of classifier-free
 * guidance), heads split into the batch as {@code (group · frames + frame) · heads + head}.
 * Cross-attention layers run as plain attention.
 */
public final class CorrespondenceAttention implements AttentionProcessor {

    private final int frames;
    private final double mergeRatio;
    private final boolean spatioTemporal;
    private final Map<Integer, Correspondences> byTokens = new HashMap<>();
    /** Per grid (by token count), whether every token has all its K per frame (no window ran short). */
    private final Map<Integer, Boolean> complete = new HashMap<>();
    private final Map<List<Number>, long[]> rowIndices = new ConcurrentHashMap<>();
    private final Map<List<Number>, float[]> slotWeights = new ConcurrentHashMap<>();

    /**
     * @param grids the correspondences of each token grid the layers run at
     * @param mergeRatio share of a token's corresponding tokens merged away (0 to 0.5)
     * @param spatioTemporal whether a token attends to every token of the clip (the paper's retained
     *        spatio-temporal attention) or only to its own frame's, beside its corresponding tokens
     */
    public CorrespondenceAttention(int frames, Iterable<Correspondences> grids, double mergeRatio,
            boolean spatioTemporal) {
        if (!(mergeRatio >= 0 && mergeRatio <= 0.5)) {
            throw new IllegalArgumentException("merge ratio " + mergeRatio + " outside [0, 0.5]");
        }
        this.frames = frames;
        this.mergeRatio = mergeRatio;
        this.spatioTemporal = spatioTemporal;
        for (Correspondences c : grids) {
            if (c.frames() != frames) {
                throw new IllegalArgumentException("correspondences of " + c.frames() + " frames for a clip of " + frames);
            }
            byTokens.put(c.tokens(), c);
            complete.put(c.tokens(), java.util.Arrays.stream(c.index()).allMatch(i -> i >= 0));
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

    /** Keys {@code [rows, m, d]}, values alike, and the log of how many tokens each stands for {@code [rows, m]} (-inf: none). */
    private record Segment(NDArray keys, NDArray values, NDArray logWeights) {
    }

    private NDArray attend(Correspondences c, int groups, int heads, NDArray q, NDArray k, NDArray v, NDManager m) {
        int n = c.tokens();
        long d = q.getShape().get(2);
        long bh = q.getShape().get(0);
        long rows = bh * n;
        long clips = (long) groups * heads; // each (group, head) attends within its own frames
        // rows ordered (group, head, frame, token): a gathered row then needs no transposing
        NDArray qs = byHead(q.mul((float) (1 / Math.sqrt(d))), groups, heads, n, d);
        NDArray kh = byHead(k, groups, heads, n, d), vh = byHead(v, groups, heads, n, d);
        // the frame's own self-attention, or the clip's spatio-temporal one: rows and keys of a (group, head) together
        long span = spatioTemporal ? (long) frames * n : n;
        long blocks = spatioTemporal ? clips : clips * frames;
        NDArray q3 = qs.reshape(blocks, span, d), k3 = kh.reshape(blocks, span, d), v3 = vh.reshape(blocks, span, d);
        // Eq. 11-12: the corresponding tokens of every token, from the other frames of its clip, merged over time
        Gathered g = new Gathered(c, clips, kh.reshape(rows, d), vh.reshape(rows, d), m);
        List<Segment> segments = mergeRatio > 0 && frames > 2 ? merged(c, g) : List.of(g.segment(0, c.perToken()));
        long keys = span + segments.stream().mapToLong(x -> x.keys.getShape().get(1)).sum();
        // every row's softmax is its own: the rows go in chunks whose scores fit the budget (all at once when they do)
        long fit = Math.max(1, scoreBudget() / (keys * Float.BYTES * 3));
        NDList parts = new NDList();
        if (fit >= span) {
            long per = Math.min(blocks, fit / span);
            for (long b = 0; b < blocks; b += per) {
                long e = Math.min(blocks, b + per);
                parts.add(rowsOf(q3.get(new NDIndex("{}:{}", b, e)), k3.get(new NDIndex("{}:{}", b, e)),
                        v3.get(new NDIndex("{}:{}", b, e)), segments, b * span, e * span, d));
            }
        } else {
            for (long b = 0; b < blocks; b++) {
                NDArray kb = k3.get(new NDIndex("{}:{}", b, b + 1)), vb = v3.get(new NDIndex("{}:{}", b, b + 1));
                for (long i = 0; i < span; i += fit) {
                    long e = Math.min(span, i + fit);
                    parts.add(rowsOf(q3.get(new NDIndex("{}:{}, {}:{}", b, b + 1, i, e)), kb, vb, segments,
                            b * span + i, b * span + e, d));
                }
            }
        }
        NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        // back to the layer's order: (group, frame, head) in the batch
        return out.reshape(groups, heads, frames, n, d).transpose(0, 2, 1, 3, 4).reshape(bh, n, d);
    }

    /**
     * Eq. 13-14 for the rows {@code [from, to)} (in (group, head, frame, token) order): their queries
     * {@code [nb, ci, d]}, each block's own keys and values {@code [nb, span, d]} (the frame's or the
     * clip's), and their slots of the correspondence segments, in one softmax; with ToMe's proportional
     * attention a merged token counts as many as it stands for. {@code [to − from, d]}.
     */
    private static NDArray rowsOf(NDArray q, NDArray k, NDArray v, List<Segment> segments, long from, long to, long d) {
        long rows = to - from;
        long span = k.getShape().get(1);
        NDList scores = new NDList(q.batchMatMul(k.transpose(0, 2, 1)).reshape(rows, span));
        NDArray q1 = q.reshape(rows, 1, d);
        NDIndex mine = new NDIndex("{}:{}", from, to);
        for (Segment s : segments) {
            scores.add(q1.batchMatMul(s.keys.get(mine).transpose(0, 2, 1)).reshape(rows, -1).add(s.logWeights.get(mine)));
        }
        NDArray p = NDArrays.concat(scores, 1).softmax(-1);
        NDArray out = p.get(new NDIndex(":, 0:{}", span)).reshape(q.getShape().get(0), q.getShape().get(1), span)
                .batchMatMul(v).reshape(rows, d);
        long at = span;
        for (Segment s : segments) {
            long width = s.keys.getShape().get(1);
            NDArray share = p.get(new NDIndex(":, {}:{}", at, at + width)).expandDims(1);
            out = out.add(share.batchMatMul(s.values.get(mine)).reshape(rows, d));
            at += width;
        }
        return out;
    }

    /**
     * Bytes the scores of one chunk of rows may take: {@code -Dvswap.cove.attentionChunkBytes}, else a
     * quarter of a gigabyte (a chunk's scores, softmax and a slice together three times that).
     */
    static long scoreBudget() {
        return Long.getLong(CHUNK_PROPERTY, 256L << 20);
    }

    /** The system property that bounds a chunk's scores, in bytes. */
    public static final String CHUNK_PROPERTY = "vswap.cove.attentionChunkBytes";

    /** {@code [(group · frames + frame) · heads + head, N, d]} → {@code [(group · heads + head) · frames + frame, N, d]}. */
    private NDArray byHead(NDArray x, int groups, int heads, int n, long d) {
        return x.reshape(groups, frames, heads, n, d).transpose(0, 2, 1, 3, 4)
                .reshape((long) groups * heads * frames, n, d);
    }

    /** The keys and values of slots {@code [from, to)} of every row's correspondence list, each gathered once. */
    private final class Gathered {
        private final Correspondences c;
        private final long clips;
        private final NDArray keys, values;
        private final NDManager m;

        Gathered(Correspondences c, long clips, NDArray keys, NDArray values, NDManager m) {
            this.c = c;
            this.clips = clips;
            this.keys = keys;
            this.values = values;
            this.m = m;
        }

        long rows() {
            return keys.getShape().get(0);
        }

        Segment segment(int from, int to) {
            long rows = rows(), d = keys.getShape().get(1), width = to - from;
            NDArray idx = m.create(rowIndices(c, clips, from, to), new Shape(rows * width));
            NDArray k = keys.get(new NDIndex("{}", idx)).reshape(rows, width, d);
            NDArray v = values.get(new NDIndex("{}", idx)).reshape(rows, width, d);
            return new Segment(k, v, weights(from, to).log());
        }

        /** How many tokens each slot stands for: 1, or 0 where a window ran short. */
        NDArray weights(int from, int to) {
            long width = to - from;
            return m.create(slotWeights(c, from, to), new Shape(1, (long) frames * c.tokens(), width))
                    .broadcast(new Shape(clips, (long) frames * c.tokens(), width)).reshape(rows(), width);
        }
    }

    /** Row numbers in a {@code [clips · frames · N, d]} array of slots {@code [from, to)} of every row's list. */
    private long[] rowIndices(Correspondences c, long clips, int from, int to) {
        return rowIndices.computeIfAbsent(List.of(c.tokens(), clips, from, to), key -> {
            int n = c.tokens(), per = c.perToken(), width = to - from;
            long clipRows = (long) frames * n;
            long[] out = new long[Math.toIntExact(clips * clipRows * width)];
            int o = 0;
            for (long b = 0; b < clips; b++) {
                for (int row = 0; row < frames * n; row++) {
                    for (int slot = from; slot < to; slot++) {
                        // a missing token is read as the clip's token 0 and weighted 0
                        out[o++] = b * clipRows + Math.max(0, c.index()[row * per + slot]);
                    }
                }
            }
            return out;
        });
    }

    private float[] slotWeights(Correspondences c, int from, int to) {
        return slotWeights.computeIfAbsent(List.of(c.tokens(), from, to), key -> {
            int n = c.tokens(), per = c.perToken(), width = to - from;
            float[] out = new float[frames * n * width];
            for (int row = 0; row < frames * n; row++) {
                for (int slot = from; slot < to; slot++) {
                    out[row * width + slot - from] = c.index()[row * per + slot] < 0 ? 0 : 1;
                }
            }
            return out;
        });
    }

    /**
     * Eq. 12, token merging over time (ToMe, with its proportional attention): a row's corresponding
     * tokens split into those of the frames at even positions among its other frames (set A) and
     * those at odd positions (set B); the k-th token of each A frame pairs with the k-th of the next
     * frame, which the chained search found from it (Eq. 9), so the correspondence is the match that
     * ToMe finds by key similarity. Of the pairs, the {@code round(ratio · per)} whose keys are most
     * alike (all of them at the paper's 0.5) are averaged into one token that stands for both. A and B
     * are gathered apart, so every step is elementwise over {@code [rows, pairs · K, d]}.
     */
    private List<Segment> merged(Correspondences c, Gathered g) {
        int per = c.perToken(), even = c.evenPart();
        int paired = per - even; // the odd-position frames' tokens, each with its even-position partner
        int r = (int) Math.min(paired, Math.round(mergeRatio * per));
        if (r == 0) {
            return List.of(g.segment(0, per));
        }
        List<Segment> out = new ArrayList<>();
        if (even > paired) {
            out.add(g.segment(paired, even)); // the last even-position frame, without a partner
        }
        Segment a = g.segment(0, paired), b = g.segment(even, per);
        if (r == paired && complete.get(c.tokens())) {
            // every pair merges into the mean of two tokens that stands for two: the paper's default, fast
            out.add(new Segment(a.keys.add(b.keys).mul(0.5f), a.values.add(b.values).mul(0.5f),
                    a.logWeights.add((float) Math.log(2))));
            return out;
        }
        NDArray wA = g.weights(0, paired), wB = g.weights(even, per);
        NDArray chosen = wA.mul(wB); // a pair with a missing token does not merge
        if (r < paired) {
            NDArray similarity = unit(a.keys).mul(unit(b.keys)).sum(new int[] { 2 }).add(chosen.log());
            NDArray rank = similarity.argSort(1, false).argSort(1, true); // 0: the most alike pair
            chosen = chosen.mul(rank.lt(r).toType(DataType.FLOAT32, false));
        }
        NDArray fromA = wA.mul(chosen);
        NDArray size = wB.add(fromA);
        NDArray divisor = size.maximum(1f).expandDims(2);
        NDArray kMerged = b.keys.mul(wB.expandDims(2)).add(a.keys.mul(fromA.expandDims(2))).div(divisor);
        NDArray vMerged = b.values.mul(wB.expandDims(2)).add(a.values.mul(fromA.expandDims(2))).div(divisor);
        if (r < paired) {
            out.add(new Segment(a.keys, a.values, wA.mul(chosen.neg().add(1f)).log())); // A tokens that stay
        }
        out.add(new Segment(kMerged, vMerged, size.log()));
        return out;
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[] { 2 }, true).sqrt().maximum(1e-12f));
    }
}
