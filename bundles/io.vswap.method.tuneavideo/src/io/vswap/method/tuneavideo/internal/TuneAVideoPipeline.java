package io.vswap.method.tuneavideo.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.swap.api.DiffusionModels;

/**
 * The Tune-A-Video stages around the tuning (§4.3; encoding, decoding and prompts are
 * {@link DiffusionModels}'): the DDIM inversion of the source latents
 * by the tuned model with an empty prompt (as the paper's code), and the edit: DDIM sampling from the
 * inverted noise with classifier-free guidance toward the edited prompt, all through the inflated UNet
 * ({@link InflatedUNet}, installed for the stage and taken out after). Tensor methods run inside
 * {@code TensorRuntime.call}; each step's arrays live in a sub-manager closed at its end.
 */
public final class TuneAVideoPipeline {

    private final DiffusionModels models;
    private final TuneAVideoSettings settings;

    public TuneAVideoPipeline(DiffusionModels models, TuneAVideoSettings settings) {
        this.models = models;
        this.settings = settings;
    }

    /** DDIM inversion of {@code latents} by the inflated UNet, conditioned on {@code prompt}, no guidance: z_T. */
    public NDArray invert(InflatedUNet unet, NDArray latents, NDArray prompt, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, settings.inversionSteps());
        int frames = (int) latents.getShape().get(0);
        NDArray text = prompt.repeat(0, frames);
        unet.install(frames);
        try {
            return new DdimInversion(models.ddim(settings.inversionSteps()), 0).invert(latents, (x, t) -> {
                checkCanceled(sub);
                return unet.unet().forward(x, new float[] { t }, text);
            }, (i, t, z) -> sub.worked(1));
        } finally {
            text.close();
            unet.uninstall();
        }
    }

    /**
     * DDIM sampling from {@code noise} with classifier-free guidance toward {@code target} (its
     * embedding {@code [1, L, dim]}; {@code unconditional} the empty prompt's): z_0 in {@code noise}' manager.
     */
    public NDArray edit(InflatedUNet unet, NDArray noise, NDArray target, NDArray unconditional,
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
        unet.install(frames);
        try {
            for (int t : timesteps) {
                checkCanceled(sub);
                try (NDManager step = home.newSubManager()) {
                    z.attach(step);
                    float[] ts = { t };
                    NDArray eps = apart
                            ? ClassifierFreeGuidance.combine(unet.unet().forward(z, ts, uncond),
                                    unet.unet().forward(z, ts, cond), settings.guidanceScale())
                            // [unconditional; conditional]: the processors see two clips of F frames
                            : ClassifierFreeGuidance.combineBatched(unet.unet().forward(
                                    NDArrays.concat(new NDList(z, z)), ts, both), settings.guidanceScale());
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
            unet.uninstall();
        }
    }

    static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
