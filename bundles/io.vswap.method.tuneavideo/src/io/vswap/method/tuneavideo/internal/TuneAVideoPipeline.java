package io.vswap.method.tuneavideo.internal;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.SubjectMasks;

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
        SubMonitor sub = SubMonitor.convert(monitor, scheduler.timesteps().length);
        unet.install((int) noise.getShape().get(0));
        try (ClassifierFreeGuidance.Guided guided = ClassifierFreeGuidance.guided(unconditional, target, noise,
                models.unet().imageUNet().config().blockOutChannels().get(0), settings.guidanceScale(),
                (x, t, prompts) -> {
                    checkCanceled(sub);
                    return unet.unet().forward(x, new float[] { t }, prompts);
                })) {
            return new DdimInversion(scheduler, 0).sample(noise, guided, (i, t, z) -> sub.worked(1));
        } finally {
            unet.uninstall();
        }
    }

    /**
     * The cross-attention map of {@code word} in {@code promptText} ({@code prompt} its embedding
     * {@code [1, L, dim]}) in one pass of the inflated UNet over {@code latents} at the smallest timestep
     * of a schedule of {@code steps}: the source's or the edit's subject, for {@link SubjectMasks}.
     * Empty where the prompt does not hold the word.
     */
    public Optional<float[]> subjectMap(InflatedUNet unet, NDArray latents, NDArray prompt, String promptText,
            String word, int steps) {
        int[] grid = SubjectMasks.grid(latents);
        float[] t = { Arrays.stream(models.ddim(steps).timesteps()).min().orElseThrow() };
        unet.install(grid[0]);
        try (NDManager pass = latents.getManager().newSubManager()) {
            NDArray text = prompt.repeat(0, grid[0]);
            text.attach(pass);
            return SubjectMasks.watch(models, unet.unet(), grid[0], grid[1], grid[2], promptText, word,
                    (int) prompt.getShape().get(1), () -> unet.unet().forward(latents, t, text).attach(pass));
        } finally {
            unet.uninstall();
        }
    }

    static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
