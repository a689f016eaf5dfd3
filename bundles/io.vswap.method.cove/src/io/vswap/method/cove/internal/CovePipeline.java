package io.vswap.method.cove.internal;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.swap.api.DiffusionModels;

/**
 * The COVE stages on one clip, each a method so that the source side (correspondences, inversion) can
 * be cached and reused: encode, diffusion features and correspondences (§3.2), DDIM inversion and the
 * edit with the correspondence-guided attention in the UNet's self-attention (§3.3), decode. The
 * attention goes in through the backend's processor seam and is taken out again when a stage ends.
 * Tensor methods run inside {@code TensorRuntime.call}.
 */
public final class CovePipeline {

    private final DiffusionModels models;
    private final CoveSettings settings;

    public CovePipeline(DiffusionModels models, CoveSettings settings) {
        this.models = models;
        this.settings = settings;
    }

    /** §3.2: the correspondences on every token grid of the UNet, from the source frames' diffusion features. */
    public Map<String, Correspondences> correspondences(NDArray latents, NDArray sourcePrompt, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        sub.subTask("diffusion features");
        DiffusionFeatures features = DiffusionFeatures.extract(models.unet().imageUNet(), models.schedule(), latents,
                sourcePrompt, settings.featureTimestep(), settings.featureUpBlock(), settings.seed(), sub.split(1));
        sub.subTask("correspondences (sliding window " + settings.window() + ", top " + settings.topK() + ")");
        return features.correspond(grids(latents), new CorrespondenceSearch(settings.window(), settings.topK()),
                sub.split(1));
    }

    /** The token grids of this UNet's levels for {@code latents}. */
    public List<int[]> grids(NDArray latents) {
        return DiffusionFeatures.grids((int) latents.getShape().get(2), (int) latents.getShape().get(3),
                models.unet().imageUNet().config().blockOutChannels().size());
    }

    /**
     * DDIM inversion with the source prompt, no guidance, with {@code attention} in the self-attention
     * layers (null: the model's own attention): z_T in {@code latents}' manager.
     */
    public NDArray invert(NDArray latents, NDArray sourcePrompt, AttentionProcessor attention, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, settings.inversionSteps());
        int frames = (int) latents.getShape().get(0);
        NDArray text = sourcePrompt.repeat(0, frames);
        install(attention);
        try {
            return new DdimInversion(models.ddim(settings.inversionSteps()), 0).invert(latents,
                    (x, t) -> {
                        checkCanceled(sub);
                        return noise(x, frames, t, text);
                    }, (i, t, z) -> {
                        sub.subTask("DDIM inversion " + (i + 1) + "/" + settings.inversionSteps());
                        sub.worked(1);
                    });
        } finally {
            text.close();
            install(null);
        }
    }

    /**
     * The edit: DDIM sampling from {@code noise} with classifier-free guidance toward {@code target},
     * {@code attention} in the self-attention layers. z_0 in {@code noise}' manager.
     *
     * @param target the edited prompt's embedding {@code [1, L, dim]}
     * @param unconditional the empty prompt's
     */
    public NDArray edit(NDArray noise, NDArray target, NDArray unconditional, AttentionProcessor attention,
            IProgressMonitor monitor) {
        DdimScheduler scheduler = models.ddim(settings.steps());
        int[] timesteps = scheduler.timesteps();
        SubMonitor sub = SubMonitor.convert(monitor, timesteps.length);
        NDManager home = noise.getManager();
        int frames = (int) noise.getShape().get(0);
        NDArray cond = target.repeat(0, frames);
        NDArray uncond = unconditional.repeat(0, frames);
        NDArray both = NDArrays.concat(new NDList(uncond, cond));
        boolean apart = ClassifierFreeGuidance.halvesApart(2L * frames, noise.getShape().get(2), noise.getShape().get(3),
                models.unet().imageUNet().config().blockOutChannels().get(0), noise.getDevice());
        NDArray z = noise.duplicate();
        install(attention);
        try {
            for (int i = 0; i < timesteps.length; i++) {
                int t = timesteps[i];
                checkCanceled(sub);
                sub.subTask("editing " + (i + 1) + "/" + timesteps.length);
                try (NDManager step = home.newSubManager()) {
                    z.attach(step);
                    NDArray eps;
                    if (apart) {
                        eps = ClassifierFreeGuidance.combine(noise(z, frames, t, uncond), noise(z, frames, t, cond),
                                settings.guidanceScale());
                    } else {
                        // [unconditional; conditional]: the processor sees two groups of the clip's frames
                        eps = ClassifierFreeGuidance.combineBatched(noise(NDArrays.concat(new NDList(z, z)), frames, t,
                                both), settings.guidanceScale());
                    }
                    NDArray next = scheduler.step(eps, t, z).sample();
                    next.attach(home);
                    z = next;
                }
                sub.worked(1);
            }
            return z;
        } finally {
            cond.close();
            uncond.close();
            both.close();
            install(null);
        }
    }

    /** The noise prediction of the image UNet, or the video UNet with {@code motionModules}. */
    private NDArray noise(NDArray x, int frames, int t, NDArray text) {
        VideoUNetModel unet = models.unet();
        return settings.motionModules() ? unet.forward(x, frames, new float[] { t }, text, null)
                : unet.imageUNet().forward(x, new float[] { t }, text);
    }

    /** {@code attention} in every spatial self-attention layer; null: the model's own attention everywhere. */
    private void install(AttentionProcessor attention) {
        UNetModel image = models.unet().imageUNet();
        if (attention == null) {
            image.setAttentionProcessor(DotProductAttention.DEFAULT);
            return;
        }
        for (AttentionLayer l : image.attentionLayers()) {
            if (!l.crossAttention()) {
                image.setAttentionProcessor(l.name(), attention);
            }
        }
    }

    /** Whether {@code unet} has the self-attention layers the correspondence attention runs in. */
    public static boolean hasSelfAttention(UNetModel unet) {
        return unet.attentionLayers().stream().anyMatch(l -> !l.crossAttention());
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
