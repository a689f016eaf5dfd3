package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ClassifierFreeGuidance;
import io.vswap.diffusion.api.ContextWindows;
import io.vswap.diffusion.api.ContextWindows.Window;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.DdimStep;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.diffusion.api.WindowFusion;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.PromptConditioning;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.video.api.RgbFrame;

/**
 * The VideoSwap stages on one clip (§3.2): encode, DIFT point embeddings, registration, DDIM
 * inversion (keeping every level's latents and the subject's cross-attention), and the edit:
 * DDIM sampling from z_T with guidance on the target prompt, the motion features during the first
 * steps, and the latent blend. Each stage is a method, so a caller can keep the source-side results
 * (embeddings, registered MLPs, inversion) and run several edits on them. Tensor methods run inside
 * {@code TensorRuntime.call}; each step's arrays live in a sub-manager closed at its end.
 */
public final class VideoSwapPipeline {

    /** The placement guidance's term is at most this share of the guided noise prediction (RMS). */
    static final double PLACEMENT_CAP = 0.25;

    private final DiffusionModels models;
    private final VideoSwapSettings settings;
    private int placementSkips;
    private int placementCapped;
    private final List<Float> placementEnergies = new ArrayList<>();
    private float[] lastSubjectMap;
    private PromptConditioning conditioning;

    public VideoSwapPipeline(DiffusionModels models, VideoSwapSettings settings) {
        this.models = models;
        this.settings = settings;
        this.conditioning = PromptConditioning.plain(models);
    }

    /**
     * Edits from now on read their prompts' states through {@code c} (a target concept's layer-wise
     * states and LoRA) and install their attention processors through it; the source side (DIFT,
     * registration, inversion) stays on plain text, so that its cache serves every target.
     */
    public void conditionEditsBy(PromptConditioning c) {
        conditioning = c;
    }

    /** The encoder levels of this model for a clip of {@code width}×{@code height}. */
    public LatentGrid grid(int width, int height) {
        return new LatentGrid(width, height, models.vaeScale(), models.unet().imageUNet().config().blockOutChannels(),
                settings.subCellPoints());
    }

    /** {@link DiffusionModels#encodeFrames}. */
    public NDArray encode(List<RgbFrame> frames, NDManager manager) {
        return models.encodeFrames(frames, manager);
    }

    /** {@link DiffusionModels#decodeFrames}. */
    public List<RgbFrame> decode(NDArray latents) {
        return models.decodeFrames(latents);
    }

    /** {@link DiffusionModels#embedPrompt}. */
    public NDArray embedText(String prompt, NDManager manager) {
        return models.embedPrompt(prompt, manager);
    }

    /** The positions of {@code word} in the encoded {@code prompt}; refuses a word the prompt lacks. */
    public int[] tokens(String prompt, String word) {
        int[] p = models.tokenizer().wordPositions(prompt, word);
        if (p.length == 0) {
            throw new IllegalArgumentException("\"" + word + "\" is not a word of the prompt \"" + prompt + "\"");
        }
        return p;
    }

    /** §3.3: DIFT embeddings of the points (trajectories in clip pixels) from the clip's latents. */
    public PointEmbeddings embedPoints(NDArray latents, String subjectWord, Map<String, Trajectory> trajectories,
            int width, int height) {
        DiftEmbeddings dift = new DiftEmbeddings(models.unet().imageUNet(), models.schedule(), settings.diftTimestep(),
                settings.diftUpBlock(), settings.diftEnsemble(), settings.visibilitySimilarity());
        try (NDManager m = latents.getManager().newSubManager()) {
            NDArray prompt = embedText(DiftEmbeddings.prompt(subjectWord), m);
            // the image UNet: a window's worth of frames at a time bounds the memory, whatever the clip's length
            return dift.embed(latents, prompt, settings.seed(), contextWindows().length(), trajectories, width, height);
        }
    }

    /** A fresh seeded adapter for this model and embedding width, in a sub-manager of {@code parent}. */
    public MotionFeatureAdapter newAdapter(int embeddingDim, NDManager parent) {
        return MotionFeatureAdapter.create(embeddingDim, models.unet().imageUNet().config().blockOutChannels(), parent,
                settings.seed());
    }

    public Registration.Options registrationOptions() {
        return new Registration.Options(settings.registrationIterations(), settings.learningRate(),
                settings.weightDecay(), settings.pointDropRate(), settings.patchSize(), settings.patchLoss(),
                settings.semanticSchedule(), contextWindows(), settings.seed());
    }

    /**
     * DDIM inversion without guidance or motion features (§3.2).
     *
     * @param latents z_0 {@code [F, C, h, w]}
     * @param prompt the source prompt's embedding {@code [1, L, dim]}
     * @param subjectTokens the subject word's positions in it
     */
    public Inversion invert(NDArray latents, NDArray prompt, int[] subjectTokens, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "DDIM inversion", settings.steps());
        VideoUNetModel unet = models.unet();
        int frames = (int) latents.getShape().get(0);
        int h = (int) latents.getShape().get(2);
        int w = (int) latents.getShape().get(3);
        List<Window> windows = contextWindows().windows(frames);
        int span = windows.get(0).count();
        SubjectAttention watcher = new SubjectAttention(span, h, w);
        List<NDArray> levels = new ArrayList<>();
        List<float[]> maps = new ArrayList<>();
        levels.add(latents.duplicate());
        NDArray text = prompt.repeat(0, span);
        float[][] stepMap = new float[1][];
        DdimInversion.NoisePredictor eps = (x, t) -> {
            List<float[]> windowMaps = new ArrayList<>();
            NDArray e = WindowFusion.run(windows, x, (window, xw) -> {
                checkCanceled(sub);
                watcher.watch(subjectTokens, (int) prompt.getShape().get(1), 0);
                NDArray out = unet.forward(xw, span, new float[] { t }, text, null);
                windowMaps.add(watcher.take());
                return out;
            });
            stepMap[0] = WindowFusion.fuse(windows, windowMaps, frames, h * w);
            return e;
        };
        // every level and the subject's map at each are kept: the edit's latent blend reads them
        DdimInversion.StepHook keep = (i, t, z) -> {
            levels.add(z.duplicate());
            maps.add(stepMap[0]);
            stepWatcher.inverted(levels.size() - 1, settings.steps());
            sub.worked(1);
        };
        unet.setAttentionProcessor(watcher);
        try {
            new DdimInversion(models.ddim(settings.steps()), 0).invert(latents, eps, keep).close(); // z_T: levels' last
        } catch (RuntimeException e) {
            levels.forEach(NDArray::close);
            throw e;
        } finally {
            text.close();
            unet.setAttentionProcessor(DotProductAttention.DEFAULT);
        }
        return new Inversion(levels, maps);
    }

    /**
     * The context windows of this model: the settings' windows cut to the most frames the motion
     * module's positional encoding was trained on.
     */
    public ContextWindows contextWindows() {
        return settings.contextWindows().fitTo(models.unet().motionConfig());
    }

    /**
     * Told of each inversion and edit step as it ends, on the edit's thread: the method turns them
     * into progress words and previews. The arrays live only during the call.
     */
    public interface StepWatcher {
        default void inverted(int step, int steps) {
        }

        /** @param predictedClean the clean latents {@code [F, C, h, w]} this step predicts (x0) */
        default void edited(int step, int steps, NDArray predictedClean) {
        }
    }

    private StepWatcher stepWatcher = new StepWatcher() {
    };

    /** Tells {@code w} of the steps of this pipeline's next inversions and edits. */
    public void watchSteps(StepWatcher w) {
        stepWatcher = w;
    }

    /**
     * What DDIM inversion kept.
     *
     * @param latents z_0, then the latent at each inversion timestep, ascending ({@code latents.get(n)} is z_T)
     * @param subjectMaps the subject's cross-attention map at each inversion timestep, ascending, {@code [F·h·w]}
     */
    public record Inversion(List<NDArray> latents, List<float[]> subjectMaps) {

        public NDArray noise() {
            return latents.get(latents.size() - 1);
        }
    }

    /** The point guidance of one edit: the registered MLPs, the embeddings and where the points go. */
    public record MotionGuidance(MotionFeatureAdapter adapter, float[][] embeddings, PointPlacement placement) {
    }

    /**
     * §3.2, §3.5, §6.1: samples from the inversion's z_T with guidance on the target prompt,
     * motion features during the first {@code motionShare} of the steps, and the latent blend from
     * {@code blendFrom} of the steps on.
     *
     * @param target the target prompt's embedding {@code [1, L, dim]}
     * @param targetTokens the target word's positions in it (the subject mask while editing)
     * @param unconditional the empty prompt's embedding
     * @param guidance null: no point guidance
     * @return z_0 of the edit {@code [F, C, h, w]}, in the inversion's manager
     */
    public NDArray edit(Inversion inversion, NDArray target, int[] targetTokens, NDArray unconditional,
            MotionGuidance guidance, IProgressMonitor monitor) {
        return edit(inversion, target, targetTokens, unconditional, guidance, null, monitor);
    }

    /**
     * As {@link #edit(Inversion, NDArray, int[], NDArray, MotionGuidance, IProgressMonitor)}, with the
     * placement guidance aimed {@code aim} (per frame {dx, dy} in latent cells, or null) off the
     * source's attention centroid.
     */
    public NDArray edit(Inversion inversion, NDArray target, int[] targetTokens, NDArray unconditional,
            MotionGuidance guidance, float[][] aim, IProgressMonitor monitor) {
        DdimScheduler s = models.ddim(settings.steps());
        int n = settings.steps();
        SubMonitor sub = SubMonitor.convert(monitor, "Editing", n);
        NDArray zT = inversion.noise();
        NDManager home = zT.getManager();
        VideoUNetModel unet = models.unet();
        int frames = (int) zT.getShape().get(0);
        int h = (int) zT.getShape().get(2);
        int w = (int) zT.getShape().get(3);
        List<Window> windows = contextWindows().windows(frames);
        int span = windows.get(0).count();
        SubjectAttention watcher = new SubjectAttention(span, h, w);
        int motionSteps = (int) Math.round(settings.motionShare() * n);
        int blendStart = (int) Math.round(settings.blendFrom() * n);
        int[] ts = s.timesteps();
        NDArray z = zT.duplicate();
        // diffusers' order for guidance: [unconditional; conditional], the window's frames in each half
        NDArray conditional = target.repeat(0, span);
        NDArray uncond = unconditional.repeat(0, span);
        NDArray text = NDArrays.concat(new NDList(uncond, conditional));
        boolean apart = ClassifierFreeGuidance.halvesApart(2L * span, h, w,
                unet.imageUNet().config().blockOutChannels().get(0), zT.getDevice());
        // one guide per window: each pulls its frames toward their own targets
        List<PlacementGuidance> placements = settings.placementGuidance() <= 0 ? null
                : windows.stream().map(win -> new PlacementGuidance(span, h, w, aim == null ? null
                        : win.slice(java.util.Arrays.asList(aim)).toArray(float[][]::new))).toList();
        placementSkips = 0;
        placementCapped = 0;
        placementEnergies.clear();
        int keyTokens = conditioning.keyTokens();
        conditioning.install(watcher);
        try {
            for (int i = 0; i < n; i++) {
                checkCanceled(sub);
                int t = ts[i];
                boolean motion = i < motionSteps;
                float[] sourceMap = inversion.subjectMaps().get(n - 1 - i);
                try (NDManager step = home.newSubManager()) {
                    z.attach(step);
                    NDArray pull = null;
                    if (placements != null && motion) {
                        // before the guided pass: it runs its own conditional pass with the watcher set aside
                        double[] energy = { 0, 0 }; // sum over the windows run, and their count
                        pull = WindowFusion.run(windows, z, (win, zw) -> {
                            checkCanceled(sub);
                            List<NDArray> single = guidance != null ? motionFeatures(guidance, win, zw.getManager())
                                    : null;
                            PlacementGuidance.Pull p = placements.get(windows.indexOf(win)).gradient(unet, zw, t,
                                    conditional, single, targetTokens, win.slice(sourceMap, h * w), zw.getManager(),
                                    conditioning, watcher);
                            energy[0] += p.energy();
                            energy[1]++;
                            return p.gradient();
                        });
                        placementEnergies.add((float) (energy[0] / energy[1]));
                        if (pull == null) {
                            placementSkips++; // a gradient that is not finite in any window leaves the step unguided
                        }
                    }
                    List<float[]> windowMaps = new ArrayList<>();
                    NDArray eps = WindowFusion.run(windows, z, (win, zw) -> {
                        checkCanceled(sub);
                        List<NDArray> single = guidance != null && motion
                                ? motionFeatures(guidance, win, zw.getManager())
                                : null;
                        NDArray e = guidedNoise(unet, zw, span, t, single, apart, text, uncond, conditional,
                                targetTokens, keyTokens, watcher);
                        windowMaps.add(watcher.take());
                        return e;
                    });
                    if (pull != null) {
                        eps = withPlacement(eps, pull, s.alphaCumprod(t));
                    }
                    DdimStep done = s.step(eps, t, z);
                    NDArray next = done.sample();
                    stepWatcher.edited(i + 1, n, done.predictedOriginal());
                    float[] denoiseMap = WindowFusion.fuse(windows, windowMaps, frames, h * w);
                    lastSubjectMap = denoiseMap;
                    if (i >= blendStart) {
                        // the step lands on inversion level t - T/n; its map is that of t
                        next = blend(inversion, n - 1 - i, next, denoiseMap, frames, step);
                    }
                    next.attach(home);
                    z = next;
                }
                sub.worked(1);
            }
        } finally {
            text.close();
            uncond.close();
            conditional.close();
            conditioning.install(DotProductAttention.DEFAULT);
        }
        return z;
    }

    /** The classifier-free-guided noise prediction of one window {@code z [span, …]}, the conditional half watched. */
    private NDArray guidedNoise(VideoUNetModel unet, NDArray z, int span, int t, List<NDArray> single, boolean apart,
            NDArray text, NDArray uncond, NDArray conditional, int[] targetTokens, int promptTokens,
            SubjectAttention watcher) {
        if (apart) {
            // one half at a time (memory): the unconditional pass unwatched, the conditional one watched
            // from its first row
            watcher.stop();
            NDArray u = unet.forward(z, span, new float[] { t }, uncond, single);
            watcher.watch(targetTokens, promptTokens, 0);
            NDArray c = unet.forward(z, span, new float[] { t }, conditional, single);
            return ClassifierFreeGuidance.combine(u, c, settings.guidanceScale());
        }
        NDArray both = NDArrays.concat(new NDList(z, z));
        List<NDArray> residuals = single == null ? null
                : single.stream().map(r -> NDArrays.concat(new NDList(r, r))).toList();
        watcher.watch(targetTokens, promptTokens, span);
        return ClassifierFreeGuidance.combineBatched(unet.forward(both, span, new float[] { t }, text, residuals),
                settings.guidanceScale());
    }

    /** §3.4: the registered MLPs' motion features for one pass of a window of the clip, in {@code step}. */
    private List<NDArray> motionFeatures(MotionGuidance guidance, Window window, NDManager step) {
        NDArray emb = step.create(flatten(guidance.embeddings()),
                new Shape(guidance.embeddings().length, guidance.adapter().embeddingDim()));
        return guidance.adapter().features(emb, guidance.placement().window(window), settings.motionScale(), step);
    }

    /** Self-guidance adds the energy's gradient to the noise prediction, scaled by sigma_t, capped. */
    private NDArray withPlacement(NDArray eps, NDArray pull, double alphaCumprod) {
        double sigma = Math.sqrt(1 - alphaCumprod);
        NDArray term = pull.mul((float) (settings.placementGuidance() * sigma));
        double termRms = term.square().mean().sqrt().getFloat();
        double epsRms = eps.square().mean().sqrt().getFloat();
        if (termRms > PLACEMENT_CAP * epsRms) {
            // a steep energy, or a wrong gradient from the CPU backward, must not wreck the edit
            term = term.mul((float) (PLACEMENT_CAP * epsRms / termRms));
            placementCapped++;
        }
        return eps.add(term);
    }

    /** §6.1: the latent blend at inversion {@code level}, inside the union of both subject masks. */
    private NDArray blend(Inversion inversion, int level, NDArray denoised, float[] denoiseMap, int frames,
            NDManager step) {
        boolean[] mask = LatentBlend.union(
                LatentBlend.mask(inversion.subjectMaps().get(level), frames, settings.blendThreshold()),
                LatentBlend.mask(denoiseMap, frames, settings.blendThreshold()));
        return LatentBlend.blend(inversion.latents().get(level), denoised, mask, step);
    }

    /** The target word's cross-attention map {@code [F·h·w]} at the last edit's last step, or null before an edit. */
    public float[] lastSubjectMap() {
        return lastSubjectMap;
    }

    /** Steps of the last edit whose placement guidance was left out because the gradient was not finite. */
    public int placementSkips() {
        return placementSkips;
    }

    /** Steps of the last edit whose placement guidance was cut to {@link #PLACEMENT_CAP} of the noise prediction. */
    public int placementCapped() {
        return placementCapped;
    }

    /**
     * The placement energy (mean squared distance of the subject's attention centroids, latent cells²)
     * at each guided step of the last edit; empty where placement guidance was off.
     */
    public List<Float> placementEnergies() {
        return List.copyOf(placementEnergies);
    }

    static float[] flatten(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
