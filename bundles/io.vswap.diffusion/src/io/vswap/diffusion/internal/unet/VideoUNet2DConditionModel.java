package io.vswap.diffusion.internal.unet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoUNetModel;

/**
 * AnimateDiff's {@code UNet3DConditionModel} as an SD {@link UNet2DConditionModel} whose blocks hold
 * motion modules: image parameters in the UNet's store (diffusers names), motion parameters in
 * {@link MotionModules}' (AnimateDiff names), so each loads from its own file.
 */
public final class VideoUNet2DConditionModel implements VideoUNetModel {

    private final MotionModules motion;
    private final UNet2DConditionModel unet;
    private final Map<String, Attention> temporalAttentionByName = new LinkedHashMap<>();

    public VideoUNet2DConditionModel(UNet2DConditionConfig unetConfig, MotionModuleConfig motionConfig) {
        motion = new MotionModules(motionConfig);
        unet = new UNet2DConditionModel(unetConfig, motion);
        motion.attentions().forEach(a -> temporalAttentionByName.put(a.layer.name(), a));
    }

    @Override
    public UNetModel imageUNet() {
        return unet;
    }

    @Override
    public MotionModuleConfig motionConfig() {
        return motion.config;
    }

    @Override
    public Map<String, Shape> motionParameterShapes() {
        return motion.store.shapes();
    }

    @Override
    public long motionParameterCount() {
        return motion.store.count();
    }

    @Override
    public Map<String, NDArray> motionParameters() {
        return motion.store.arrays();
    }

    @Override
    public void initializeMotionModules(NDManager manager, long seed) {
        motion.initialize(manager, seed);
    }

    @Override
    public ParameterLoadReport loadMotionModules(SafetensorsFile file, NDManager manager) throws IOException {
        return motion.load(file, manager);
    }

    @Override
    public void saveMotionModules(Path file) throws IOException {
        motion.save(file);
    }

    @Override
    public List<AttentionLayer> attentionLayers() {
        List<AttentionLayer> l = new ArrayList<>(unet.attentionLayers());
        temporalAttentionByName.values().forEach(a -> l.add(a.layer));
        return l;
    }

    @Override
    public void setAttentionProcessor(AttentionProcessor processor) {
        unet.setAttentionProcessor(processor);
        temporalAttentionByName.values().forEach(a -> a.processor = processor);
    }

    @Override
    public void setAttentionProcessor(String layerName, AttentionProcessor processor) {
        Attention a = temporalAttentionByName.get(layerName);
        if (a != null) {
            a.processor = processor;
        } else {
            unet.setAttentionProcessor(layerName, processor);
        }
    }

    @Override
    public NDArray forward(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals) {
        checkFrames(sample, frames);
        return unet.forward(sample, frames, timesteps, encoderHiddenStates, downBlockResiduals);
    }

    @Override
    public List<NDArray> residualGradients(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            List<NDArray> downBlockResiduals, NDArray outputGradient) {
        return unet.residualGradients(sample, frames, timesteps, encoderHiddenStates, downBlockResiduals,
                outputGradient);
    }

    @Override
    public NDArray upBlockFeatures(NDArray sample, int frames, float[] timesteps, NDArray encoderHiddenStates,
            int upBlockIndex) {
        checkFrames(sample, frames);
        return unet.upBlockFeatures(sample, frames, timesteps, encoderHiddenStates, upBlockIndex);
    }

    private void checkFrames(NDArray sample, int frames) {
        long rows = sample.getShape().get(0);
        if (frames < 1 || rows % frames != 0) {
            throw new IllegalArgumentException("a batch of " + rows + " is not whole clips of " + frames + " frames");
        }
        MotionModuleConfig c = motion.config;
        if (c.temporalPositionEncoding() && frames > c.temporalPositionEncodingMaxLen()) {
            throw new IllegalArgumentException(frames + " frames exceed the motion modules' position encoding ("
                    + c.temporalPositionEncodingMaxLen() + " frames)");
        }
        motion.store.requireAllocated();
    }

    @Override
    public Precision precision() {
        return unet.precision();
    }

    @Override
    public void setPrecision(Precision p) {
        unet.setPrecision(p); // the motion modules too
    }

    @Override
    public void close() {
        unet.close();
        motion.close();
    }
}
