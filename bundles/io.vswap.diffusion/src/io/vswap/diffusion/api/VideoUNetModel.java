package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vswap.diffusion.internal.unet.VideoUNet2DConditionModel;

/**
 * An SD UNet with AnimateDiff motion modules inserted: the spatial layers see a clip's frames
 * folded into the batch ({@code [B·F, C, H, W]}), the motion modules attend across the F frames
 * at each pixel. The image weights ({@link #imageUNet()}, a diffusers UNet checkpoint) and the
 * motion-module weights (their own file, AnimateDiff's key names) are loaded separately.
 * Tensor methods run inside {@link TensorRuntime#call}.
 */
public interface VideoUNetModel extends AutoCloseable {

    /** Builds shapes only; nothing is allocated until initialize/load. */
    static VideoUNetModel create(UNet2DConditionConfig unet, MotionModuleConfig motion) {
        return new VideoUNet2DConditionModel(unet, motion);
    }

    /**
     * The spatial UNet, sharing its parameters and attention processors with this model. Its own
     * {@code forward} runs every batch element as a still image (motion modules skipped).
     */
    UNetModel imageUNet();

    MotionModuleConfig motionConfig();

    /** The precision the parameters are held in and the network runs in (fp32 unless set). */
    Precision precision();

    /**
     * Holds the parameters in {@code precision} (allocated ones are cast, later loads too).
     * Tensor methods still take and return float32; norms and softmax compute in fp32.
     */
    void setPrecision(Precision precision);

    /** Motion-module parameters by AnimateDiff key ({@code down_blocks.0.motion_modules.0.temporal_transformer.proj_in.weight}). */
    Map<String, Shape> motionParameterShapes();

    /** Motion-module parameter elements (position-encoding buffers {@code pos_encoder.pe} are not parameters). */
    long motionParameterCount();

    /** The allocated motion-module parameters by name (live arrays). */
    Map<String, NDArray> motionParameters();

    /** Seeded init as {@link UNetModel#initialize}; with {@code zeroInitialize} every {@code proj_out} is zero. */
    void initializeMotionModules(NDManager manager, long seed);

    /**
     * Loads the motion modules from an AnimateDiff checkpoint converted to safetensors, in AnimateDiff's
     * original layout or in diffusers' {@code MotionAdapter} layout (a file without the
     * {@code temporal_transformer} level; its keys are mapped as diffusers' conversion script renames
     * them). {@code pos_encoder.pe} ({@code pos_embed.pe}) buffers in the file replace the computed
     * sinusoids. With missing or wrong-shaped parameters the report names them (in AnimateDiff's
     * names; unexpected entries in the file's) and {@link #forward} refuses to run.
     */
    ParameterLoadReport loadMotionModules(SafetensorsFile file, NDManager manager) throws IOException;

    /** Writes the motion modules as F32 in AnimateDiff's layout, {@code pos_encoder.pe} buffers included. */
    void saveMotionModules(Path file) throws IOException;

    /** Spatial attention layers, then the temporal ones ({@code …motion_modules.j.temporal_transformer.transformer_blocks.k.attention_blocks.a}). */
    List<AttentionLayer> attentionLayers();

    /** Uses {@code processor} for every attention layer, spatial and temporal. */
    void setAttentionProcessor(AttentionProcessor processor);

    /** Uses {@code processor} for the layer called {@code layerName} (see {@link #attentionLayers()}). */
    void setAttentionProcessor(String layerName, AttentionProcessor processor);

    /**
     * The noise prediction for a batch of clips.
     *
     * @param sample {@code [B·F, C, H, W]}, clip-major (clip b's frame f at index {@code b·F + f})
     * @param frames F, at most {@code temporalPositionEncodingMaxLen} when position encoding is on
     * @param timesteps one value, or one per row of {@code sample}
     * @param encoderHiddenStates {@code [B·F, tokens, dim]}
     * @param downBlockResiduals null, or as {@link UNetModel#forward(NDArray, float[], NDArray, List)}
     *        ({@code [B·F, …]}); in a block with motion modules it joins after the last motion module
     * @return {@code [B·F, out_channels, H, W]}
     */
    NDArray forward(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals);

    /**
     * The gradient of {@code Σ forward(…)·outputGradient} with respect to each down-block residual,
     * by gradient checkpointing: a forward without a graph, then each block again, from the output
     * back, differentiated on its own (one block's activations held at a time; one more forward's
     * work). The same numbers as a backward through {@link #forward} (within float rounding, tested).
     * Inputs are taken as constants (no graph is built to them); the caller continues the chain,
     * e.g. with a backward of {@code Σ residual·gradient} into whatever made the residuals.
     *
     * @return one gradient per residual ({@code null} where the residual is), in {@code sample}'s
     *         manager, float32
     */
    List<NDArray> residualGradients(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals, NDArray outputGradient);

    /**
     * {@link UNetModel#upBlockFeatures} with the motion modules run ({@code sample [B·F, …]} as in
     * {@link #forward}).
     */
    NDArray upBlockFeatures(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            int upBlockIndex);

    /** Frees image and motion parameters. */
    @Override
    void close();
}
