package io.vswap.diffusion.internal.unet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.StoredModel;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * diffusers' {@code UNet2DConditionModel} for the SD 1.x/2.x layout. Fields are named as the
 * checkpoint's key prefixes ({@code conv_in}, {@code time_embedding}, {@code down_blocks.i},
 * {@code mid_block}, {@code up_blocks.i}, {@code conv_norm_out}, {@code conv_out}), so the
 * parameter names are the only mapping to a diffusers checkpoint.
 */
public final class UNet2DConditionModel extends StoredModel implements UNetModel {

    private final UNet2DConditionConfig config;

    final Conv2d conv_in;
    final Timesteps time_proj;
    final TimestepEmbedding time_embedding;
    final List<DownBlock> down_blocks = new ArrayList<>();
    final UNetMidBlock2DCrossAttn mid_block;
    final List<UpBlock> up_blocks = new ArrayList<>();
    final GroupNorm conv_norm_out;
    final Conv2d conv_out;
    private final Map<String, Attention> attentionByName = new LinkedHashMap<>();
    private final MotionModules motion;

    public UNet2DConditionModel(UNet2DConditionConfig c) {
        this(c, null);
    }

    /** {@code motion} null: the image UNet; otherwise its blocks get AnimateDiff motion modules from it. */
    UNet2DConditionModel(UNet2DConditionConfig c, MotionModules motion) {
        super("UNet2DConditionModel");
        config = c;
        this.motion = motion;
        List<Integer> ch = c.blockOutChannels();
        int n = ch.size();
        conv_in = new Conv2d(store, "conv_in", c.inChannels(), ch.get(0), 3, 1, 1);
        time_proj = new Timesteps(ch.get(0), c.flipSinToCos(), c.freqShift());
        time_embedding = new TimestepEmbedding(store, "time_embedding", ch.get(0), c.timeEmbedDim());

        int out = ch.get(0);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(i);
            down_blocks.add(UNet2DBlocks.getDownBlock(c.downBlockTypes().get(i), store, "down_blocks." + i, c, i, in,
                    out, i < n - 1, motion));
        }
        mid_block = UNet2DBlocks.getMidBlock(c.midBlockType(), store, "mid_block", c, motion);

        int prevOut = ch.get(n - 1);
        for (int i = 0; i < n; i++) {
            int level = n - 1 - i; // up block i mirrors down block n-1-i
            int o = ch.get(level);
            int in = ch.get(Math.max(level - 1, 0));
            up_blocks.add(UNet2DBlocks.getUpBlock(c.upBlockTypes().get(i), store, "up_blocks." + i, c, level, in,
                    prevOut, o, i < n - 1, motion));
            prevOut = o;
        }
        conv_norm_out = new GroupNorm(store, "conv_norm_out", c.normNumGroups(), ch.get(0), c.normEps());
        conv_out = new Conv2d(store, "conv_out", ch.get(0), c.outChannels(), 3, 1, 1);

        List<Attention> all = new ArrayList<>();
        down_blocks.forEach(b -> all.addAll(b.attentions()));
        all.addAll(mid_block.attentions());
        up_blocks.forEach(b -> all.addAll(b.attentions()));
        all.forEach(a -> attentionByName.put(a.layer.name(), a));
    }

    @Override
    public UNet2DConditionConfig config() {
        return config;
    }

    @Override
    public List<AttentionLayer> attentionLayers() {
        return attentionByName.values().stream().map(a -> a.layer).toList();
    }

    @Override
    public void setAttentionProcessor(AttentionProcessor processor) {
        attentionByName.values().forEach(a -> a.processor = processor);
    }

    @Override
    public void setAttentionProcessor(String layerName, AttentionProcessor processor) {
        Attention a = attentionByName.get(layerName);
        if (a == null) {
            throw new IllegalArgumentException("no attention layer '" + layerName + "'");
        }
        a.processor = processor;
    }

    @Override
    public NDArray forward(NDArray sample, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals) {
        return forward(sample, 0, timesteps, encoderHiddenStates, downBlockResiduals);
    }

    @Override
    public NDArray upBlockFeatures(NDArray sample, float[] timesteps, NDArray encoderHiddenStates, int upBlockIndex) {
        return upBlockFeatures(sample, 0, timesteps, encoderHiddenStates, upBlockIndex);
    }

    NDArray upBlockFeatures(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            int upBlockIndex) {
        if (upBlockIndex < 0 || upBlockIndex >= up_blocks.size()) {
            throw new IllegalArgumentException("up block " + upBlockIndex + " outside [0, " + up_blocks.size() + ")");
        }
        return run(sample, frames, timesteps, encoderHiddenStates, null, upBlockIndex);
    }

    /** @param frames frames per clip for the motion modules; 0 runs every batch element as a still image */
    NDArray forward(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals) {
        return run(sample, frames, timesteps, encoderHiddenStates, downBlockResiduals, -1);
    }

    /** @see CheckpointedBackward */
    List<NDArray> residualGradients(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals, NDArray outputGradient) {
        store.requireAllocated();
        return new CheckpointedBackward(this).residualGradients(sample, frames, timesteps, encoderHiddenStates,
                downBlockResiduals, outputGradient);
    }

    /** The forward pass; with {@code stopAfterUpBlock >= 0} it returns that up block's output and runs nothing above it. */
    private NDArray run(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals, int stopAfterUpBlock) {
        store.requireAllocated();
        long batch = sample.getShape().get(0);
        float[] t = timesteps;
        if (t.length == 1 && batch > 1) {
            t = new float[(int) batch];
            java.util.Arrays.fill(t, timesteps[0]);
        } else if (t.length != batch) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of " + batch);
        }
        if (downBlockResiduals != null && downBlockResiduals.size() > down_blocks.size()) {
            throw new IllegalArgumentException(downBlockResiduals.size() + " down-block residuals for "
                    + down_blocks.size() + " down blocks");
        }
        // fp32 in, fp32 out: the network runs in the parameters' precision
        Precision p = precision();
        if (motion != null && motion.store.precision() != p) {
            throw new IllegalStateException("the motion modules are in " + motion.store.precision().id()
                    + " but the UNet in " + p.id() + ": set the precision on the video UNet");
        }
        sample = p.cast(sample);
        encoderHiddenStates = p.cast(encoderHiddenStates);
        if (downBlockResiduals != null && p != Precision.FP32) {
            downBlockResiduals = downBlockResiduals.stream().map(r -> p.cast(r)).toList();
        }
        NDArray h = config.centerInputSample() ? ScalarOps.mul(sample, 2).sub(1) : sample;
        NDArray emb = time_embedding.forward(p.cast(time_proj.forward(t, sample.getManager())));

        h = conv_in.forward(h);
        List<NDArray> skips = new ArrayList<>();
        skips.add(h);
        for (int i = 0; i < down_blocks.size(); i++) {
            NDArray r = downBlockResiduals != null && i < downBlockResiduals.size() ? downBlockResiduals.get(i) : null;
            h = down_blocks.get(i).forward(h, emb, encoderHiddenStates, r, skips, frames);
        }
        h = mid_block.forward(h, emb, encoderHiddenStates, frames);
        for (int i = 0; i < up_blocks.size(); i++) {
            h = up_blocks.get(i).forward(h, emb, encoderHiddenStates, skips, frames);
            if (i == stopAfterUpBlock) {
                return Precision.fp32(h);
            }
        }
        h = Tensors.silu(conv_norm_out.forward(h));
        return Precision.fp32(conv_out.forward(h));
    }

    /** The image parameters and, inside a video UNet, the motion modules too. */
    @Override
    public void setPrecision(Precision p) {
        super.setPrecision(p);
        if (motion != null) {
            motion.store.setPrecision(p);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
