package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.unet.UNet2DConditionModel;

/**
 * A Stable-Diffusion-family UNet ({@code UNet2DConditionModel}) whose parameters carry
 * diffusers' names. Building one records parameter shapes only; {@link #initialize} or
 * {@link #load} allocates them. Tensor methods run inside {@link TensorRuntime#call}.
 */
public interface UNetModel extends AutoCloseable {

    static UNetModel create(UNet2DConditionConfig config) {
        return new UNet2DConditionModel(config);
    }

    UNet2DConditionConfig config();

    /** Every parameter's diffusers name and shape, in module order. */
    Map<String, Shape> parameterShapes();

    /** Total number of parameter elements. */
    long parameterCount();

    /** The allocated parameters by name (live arrays: set {@code requiresGradient} on them to train). */
    Map<String, NDArray> parameters();

    /** Seeded PyTorch-style init (uniform ±1/√fan_in; norms 1 and 0), allocated under {@code manager}. */
    void initialize(NDManager manager, long seed);

    /**
     * Replaces all parameters by the file's tensors of the same name and shape. With missing or
     * wrong-shaped ones the report says which and {@link #forward} refuses to run, naming them.
     */
    ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;

    /** The precision the parameters are held in and the network runs in (fp32 unless set). */
    Precision precision();

    /**
     * Holds the parameters in {@code precision} (allocated ones are cast, later loads too).
     * Tensor methods still take and return float32; norms and softmax compute in fp32. No
     * gradient crosses the boundary of a model held in fp16 (see {@link Precision}): train in fp32.
     */
    void setPrecision(Precision precision);

    /** Writes every parameter as F32 under its diffusers name. */
    void save(Path file) throws IOException;

    /** The attention layers, in module order ({@code attn1} self-, {@code attn2} cross-attention). */
    List<AttentionLayer> attentionLayers();

    /** Uses {@code processor} for every attention layer. */
    void setAttentionProcessor(AttentionProcessor processor);

    /** Uses {@code processor} for the layer called {@code layerName} (see {@link #attentionLayers()}). */
    void setAttentionProcessor(String layerName, AttentionProcessor processor);

    /** {@link #forward(NDArray, float[], NDArray, List)} without down-block residuals. */
    default NDArray forward(NDArray sample, float[] timesteps, NDArray encoderHiddenStates) {
        return forward(sample, timesteps, encoderHiddenStates, null);
    }

    /**
     * The noise prediction for {@code sample [B, C, H, W]} at {@code timesteps} (one value, or one
     * per batch element), cross-attending to {@code encoderHiddenStates [B, tokens, dim]}.
     *
     * @param downBlockResiduals null, or up to one tensor per down block added to that block's
     *        output, with diffusers' {@code down_intrablock_additional_residuals} semantics
     *        (T2I-Adapter): in a cross-attention down block it is added to the last
     *        resnet+attention output, before the downsampler, so the skip connection carries it
     *        too; in a plain down block it is added to the block's final output, which is also
     *        its last skip connection (diffusers adds it in place).
     * @return {@code [B, out_channels, H, W]} in the sample's manager
     */
    NDArray forward(NDArray sample, float[] timesteps, NDArray encoderHiddenStates, List<NDArray> downBlockResiduals);

    /**
     * The output of up block {@code upBlockIndex} (after its upsampler, if it has one) for the same
     * inputs as {@link #forward}: the intermediate feature DIFT reads ({@code up_ft_index}; SD 1.5's
     * block 1 gives 1280 channels at half the latent size). The blocks above it are not run.
     *
     * @return {@code [B, block_out_channels[n-1-upBlockIndex], h, w]} in the sample's manager
     */
    NDArray upBlockFeatures(NDArray sample, float[] timesteps, NDArray encoderHiddenStates, int upBlockIndex);

    /** Frees the parameter arrays. */
    @Override
    void close();
}
