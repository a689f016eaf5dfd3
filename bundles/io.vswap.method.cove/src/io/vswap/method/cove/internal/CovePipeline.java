package io.vswap.method.cove.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.vswap.swap.api.SubjectMasks;

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
     * The source's latents at some of the edit's timesteps, stacked {@code [levels, frames, c, h, w]}:
     * what {@link SourceInjection} runs the source pass on.
     */
    public record SourceLevels(int[] timesteps, NDArray latents) {
        /** The level of timestep {@code t}, or -1 where the source is not injected. */
        int index(int t) {
            for (int i = 0; i < timesteps.length; i++) {
                if (timesteps[i] == t) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The edit's timesteps in which the source is injected: its first {@code injectionSteps}. */
    public int[] injectedTimesteps() {
        int[] ts = models.ddim(settings.steps()).timesteps();
        return Arrays.copyOf(ts, Math.min(ts.length, settings.injectionSteps()));
    }

    /** The inverted noise z_T, and the source's levels the injection needs (null where none). */
    public record Inversion(NDArray noise, SourceLevels levels) {
    }

    /**
     * DDIM inversion with the source prompt, no guidance, with {@code attention} in the self-attention
     * layers (null: the model's own attention): z_T in {@code latents}' manager, and the latents it
     * passed at {@link #injectedTimesteps()} (each the inversion's nearest level where the inversion
     * has more or fewer steps than the edit).
     */
    public Inversion invert(NDArray latents, NDArray sourcePrompt, AttentionProcessor attention, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, settings.inversionSteps());
        int frames = (int) latents.getShape().get(0);
        DdimScheduler scheduler = models.ddim(settings.inversionSteps());
        int[] wanted = injectedTimesteps();
        int[] levelOf = nearest(wanted, scheduler.inversionTimesteps());
        NDArray[] kept = new NDArray[wanted.length];
        NDArray text = sourcePrompt.repeat(0, frames);
        install(attention);
        try {
            NDArray noise = new DdimInversion(scheduler, 0).invert(latents,
                    (x, t) -> {
                        checkCanceled(sub);
                        return noise(x, frames, t, text);
                    }, (i, t, z) -> {
                        for (int w = 0; w < wanted.length; w++) {
                            if (levelOf[w] == i) {
                                kept[w] = z.duplicate();
                            }
                        }
                        sub.subTask("DDIM inversion " + (i + 1) + "/" + settings.inversionSteps());
                        sub.worked(1);
                    });
            if (wanted.length == 0) {
                return new Inversion(noise, null);
            }
            NDArray stacked = NDArrays.stack(new NDList(kept));
            for (NDArray k : kept) {
                k.close();
            }
            return new Inversion(noise, new SourceLevels(wanted, stacked));
        } finally {
            text.close();
            install(null);
        }
    }

    /** For each of {@code wanted}, the index of the nearest of {@code levels}. */
    private static int[] nearest(int[] wanted, int[] levels) {
        int[] out = new int[wanted.length];
        for (int w = 0; w < wanted.length; w++) {
            int best = 0;
            for (int i = 1; i < levels.length; i++) {
                if (Math.abs(levels[i] - wanted[w]) < Math.abs(levels[best] - wanted[w])) {
                    best = i;
                }
            }
            out[w] = best;
        }
        return out;
    }

    /**
     * The edit: DDIM sampling from {@code noise} with classifier-free guidance toward {@code target},
     * {@code attention} in the self-attention layers; where {@code source} is given, each of its steps
     * first runs the source's latents of that step under {@code sourcePrompt} and the edit attends with
     * the source's decoder queries and keys ({@link SourceInjection}). z_0 in {@code noise}' manager.
     *
     * @param target the edited prompt's embedding {@code [1, L, dim]}
     * @param unconditional the empty prompt's
     */
    public NDArray edit(NDArray noise, NDArray target, NDArray unconditional, AttentionProcessor attention,
            SourceLevels source, NDArray sourcePrompt, IProgressMonitor monitor) {
        DdimScheduler scheduler = models.ddim(settings.steps());
        int steps = scheduler.timesteps().length;
        SubMonitor sub = SubMonitor.convert(monitor, steps);
        int frames = (int) noise.getShape().get(0);
        SourceInjection injection = source == null ? null
                : new SourceInjection(attention == null ? DotProductAttention.DEFAULT : attention);
        NDArray sourceText = source == null ? null : sourcePrompt.repeat(0, frames);
        install(injection != null ? injection : attention);
        // [unconditional; conditional] together: the processor sees two groups of the clip's frames
        try (ClassifierFreeGuidance.Guided guided = ClassifierFreeGuidance.guided(unconditional, target, noise,
                models.unet().imageUNet().config().blockOutChannels().get(0), settings.guidanceScale(),
                (x, t, prompts) -> {
                    checkCanceled(sub);
                    return noise(x, frames, t, prompts);
                })) {
            DdimInversion.NoisePredictor eps = source == null ? guided : (x, t) -> {
                int level = source.index(t);
                if (level < 0) {
                    injection.pass();
                } else {
                    checkCanceled(sub);
                    injection.record(x.getManager());
                    NDArray at = source.latents().get(level);
                    at.attach(x.getManager());
                    noise(at, frames, t, sourceText); // only its attention is wanted
                    injection.inject();
                }
                return guided.epsilon(x, t);
            };
            sub.subTask("editing 1/" + steps);
            return new DdimInversion(scheduler, 0).sample(noise, eps, (i, t, z) -> {
                sub.worked(1);
                sub.subTask("editing " + Math.min(i + 2, steps) + "/" + steps);
            });
        } finally {
            if (sourceText != null) {
                sourceText.close();
            }
            install(null);
        }
    }

    /**
     * The cross-attention map of {@code word} in {@code promptText} ({@code prompt} its embedding
     * {@code [1, L, dim]}) in one pass over {@code latents} at the smallest timestep of a schedule of
     * {@code steps}, the self-attention as {@code attention} (null: the model's own): the edit's or the
     * source's subject, for {@link SubjectMasks}. Empty where the prompt does not hold the word.
     */
    public Optional<float[]> subjectMap(NDArray latents, NDArray prompt, String promptText, String word,
            AttentionProcessor attention, int steps) {
        int[] grid = SubjectMasks.grid(latents);
        int t = Arrays.stream(models.ddim(steps).timesteps()).min().orElseThrow();
        install(attention);
        try (NDManager pass = latents.getManager().newSubManager()) {
            NDArray text = prompt.repeat(0, grid[0]);
            text.attach(pass);
            return SubjectMasks.watch(models, models.unet().imageUNet(), grid[0], grid[1], grid[2], promptText, word,
                    (int) prompt.getShape().get(1), () -> noise(latents, grid[0], t, text).attach(pass));
        } finally {
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
