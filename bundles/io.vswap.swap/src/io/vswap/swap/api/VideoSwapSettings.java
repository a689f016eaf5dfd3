package io.vswap.swap.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vswap.diffusion.api.ContextWindows;
import io.vswap.swap.api.EditSetting.Kind;

/**
 * VideoSwap's settings, defaults from the paper (Gu et al. 2023, §3.3–3.5, §6.1, §7.1) unless said.
 *
 * @param steps DDIM steps for inversion and editing (50)
 * @param guidanceScale classifier-free guidance of the edit (7.5)
 * @param motionScale factor on the sparse motion features at edit time (0.5)
 * @param motionShare share of the edit's first steps that get the motion features (0.5)
 * @param blendThreshold cross-attention level (after per-frame normalisation to [0,1]) that counts as subject (0.3)
 * @param blendFrom the latent blend starts after this share of the steps (0.2; Prompt-to-Prompt's start_blend)
 * @param diftTimestep noise level of the DIFT pass (261)
 * @param diftUpBlock the up block whose output DIFT reads (1: SD 1.5's 1280-channel block)
 * @param diftEnsemble noise draws averaged per frame (8)
 * @param visibilitySimilarity a frame whose point feature has cosine similarity below this to the
 *        point's mean counts as not visible (0.35)
 * @param registrationIterations MLP training iterations (100), per context window on a clip that splits
 * @param learningRate AdamW learning rate. The paper says Adam 5e-5; the reference code uses AdamW
 *        5e-4 with weight decay 0.01, and we follow the code: 100 Adam steps of 5e-5 move a weight by
 *        at most ~5e-3, a fifth of the init scale of a 1280-wide layer (1/√1280 ≈ 0.028), so the MLPs
 *        would hardly leave their random start.
 * @param weightDecay AdamW's decoupled weight decay (0.01, reference code)
 * @param pointDropRate chance a point is left out of one registration iteration (0.2)
 * @param patchSize side of the loss patch around each point, in latent cells (4)
 * @param patchLoss registration loss only near the points (true; false: the "no point patch loss" ablation)
 * @param semanticSchedule registration timesteps from U(T/2, T) (true; false: U(0, T), the ablation)
 * @param motionFeatures register and use the points at all (true; false: plain DDIM + blend, the baseline)
 * @param subCellPoints write each point's motion feature on the four cells around its exact position
 *        with bilinear weights, in registration and edit (false: Algorithm 1's nearest cell). Not in
 *        the paper: a latent cell of SD 1.5 is 1/64 of the frame, of the 64×64 sample model 1/16, and
 *        rounding to it moves a point by up to half a cell.
 * @param placementGuidance weight of a self-guidance term that pulls, per frame, the centroid of the
 *        target word's cross-attention toward that of the source word at the same timestep of the
 *        inversion, during the steps that get the motion features (0: off, as the paper). Not in the
 *        paper: the centroid term of Epstein et al. 2023 ("Diffusion Self-Guidance"), added as
 *        {@code weight · sqrt(1 − ᾱ_t) · ∇_z g} to the guided noise prediction, with {@code g} the
 *        mean squared distance of the two centroids in latent cells.
 * @param placementPasses edits run per swap (1). Not in the paper: with placement guidance on, each
 *        further pass finds the subject at pixel precision in the previous pass's frames and in the
 *        source's ({@code SubjectLocator}: GrabCut seeded by the subject's cross-attention), moves each
 *        frame's placement target by the difference, and edits again from the same noise; the pass whose
 *        measured difference is smallest is kept. The attention centroid alone is a 1–2 px measure of
 *        where a subject lies on the sample model.
 * @param contextLength frames the video UNet sees at once (16, AnimateDiff's training length): a longer
 *        clip runs in overlapping windows ({@link ContextWindows}) in the inversion, the registration
 *        (one window drawn per iteration) and the edit; cut to the most frames the motion module's
 *        positional encoding was trained on. Not in the paper, whose clips are 16 frames.
 * @param contextOverlap frames neighbouring windows share (4, AnimateDiff-Evolved's default)
 * @param contextStride 1: contiguous windows; 2 or more: windows also over every 2nd, 4th … frame
 * @param seed every random draw (noise, MLP init, timesteps, point drops) follows from it
 */
public record VideoSwapSettings(int steps, double guidanceScale, double motionScale, double motionShare,
        double blendThreshold, double blendFrom, int diftTimestep, int diftUpBlock, int diftEnsemble,
        double visibilitySimilarity, int registrationIterations, double learningRate, double weightDecay,
        double pointDropRate, int patchSize, boolean patchLoss, boolean semanticSchedule, boolean motionFeatures,
        boolean subCellPoints, double placementGuidance, int placementPasses, int contextLength, int contextOverlap,
        int contextStride, long seed) {

    /** Each pass is a whole edit; more than a few would only multiply the time. */
    public static final int MAX_PLACEMENT_PASSES = 4;

    public static final VideoSwapSettings DEFAULTS = new VideoSwapSettings(50, 7.5, 0.5, 0.5, 0.3, 0.2, 261, 1, 8,
            0.35, 100, 5e-4, 0.01, 0.2, 4, true, true, true, false, 0, 1, 16, 4, 1, 0);

    public VideoSwapSettings {
        if (steps < 1 || diftEnsemble < 1 || registrationIterations < 0 || patchSize < 1 || diftUpBlock < 0) {
            throw new IllegalArgumentException("steps, DIFT ensemble and patch size must be positive, iterations "
                    + "and the up block not negative");
        }
        for (double share : new double[] { motionShare, blendFrom, blendThreshold, pointDropRate }) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares, rates and the blend threshold lie in [0, 1]: " + share);
            }
        }
        if (!(visibilitySimilarity >= -1 && visibilitySimilarity <= 1)) {
            throw new IllegalArgumentException("the visibility similarity is a cosine, in [-1, 1]: " + visibilitySimilarity);
        }
        if (!(placementGuidance >= 0 && placementGuidance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the placement guidance is a weight, 0 or more: " + placementGuidance);
        }
        if (placementPasses < 1 || placementPasses > MAX_PLACEMENT_PASSES) {
            throw new IllegalArgumentException("placement passes lie in [1, " + MAX_PLACEMENT_PASSES + "]: "
                    + placementPasses);
        }
        new ContextWindows(contextLength, contextOverlap, contextStride); // refuses what is no window
        if (diftTimestep < 0) {
            throw new IllegalArgumentException("DIFT timestep " + diftTimestep);
        }
    }

    /** The context windows these settings ask for (before the motion module's limit: {@link ContextWindows#limitedTo}). */
    public ContextWindows contextWindows() {
        return new ContextWindows(contextLength, contextOverlap, contextStride);
    }

    /** Groups of {@link #descriptors()}, in the order of the work: what a form shows under "Advanced". */
    public static final String POINTS = "Semantic points", REGISTRATION = "Registration", EDIT = "Inversion and edit",
            BLEND = "Background blend", LONG_CLIPS = "Long clips";

    /**
     * The generic descriptions of every setting, in the order of the work (by stage), with {@link #DEFAULTS}'
     * values, each with its label in words and its stage; the description says what the paper
     * means by it and its value there.
     */
    public static List<EditSetting> descriptors() {
        VideoSwapSettings d = DEFAULTS;
        List<EditSetting> l = new ArrayList<>();
        l.add(new EditSetting("steps", Kind.INTEGER, d.steps, "DDIM steps of the inversion and the edit (paper: 50)", 1.0, 1000.0).shown("Denoising steps", EDIT));
        l.add(new EditSetting("guidanceScale", Kind.DECIMAL, d.guidanceScale, "classifier-free guidance scale: how strongly the edit follows the target prompt (paper: 7.5)", 0.0, 100.0).shown("Prompt guidance", EDIT));
        l.add(new EditSetting("motionScale", Kind.DECIMAL, d.motionScale, "strength of the semantic-point motion features added in the edit (paper: 0.5)", 0.0, 100.0).shown("Point motion strength", EDIT));
        l.add(new EditSetting("motionShare", Kind.DECIMAL, d.motionShare, "share of the first edit steps guided by the points (paper: 0.5)", 0.0, 1.0).shown("Steps guided by points", EDIT));
        l.add(new EditSetting("blendThreshold", Kind.DECIMAL, d.blendThreshold, "subject-mask threshold on the normalised cross-attention: above it a pixel belongs to the subject, below it the source's background is kept (paper: 0.3)", 0.0, 1.0).shown("Subject mask threshold", BLEND));
        l.add(new EditSetting("blendFrom", Kind.DECIMAL, d.blendFrom, "latent blend starts after this share of the steps (Prompt-to-Prompt's start_blend, 0.2)", 0.0, 1.0).shown("Blend from (share of steps)", BLEND));
        l.add(new EditSetting("diftTimestep", Kind.INTEGER, d.diftTimestep, "noise level of the DIFT feature pass that gives each point its embedding (paper: 261)", 0.0, 999.0).shown("Feature noise level", POINTS));
        l.add(new EditSetting("diftUpBlock", Kind.INTEGER, d.diftUpBlock, "UNet up block DIFT reads its features from (up_ft_index, paper: 1)", 0.0, 3.0).shown("Feature block", POINTS));
        l.add(new EditSetting("diftEnsemble", Kind.INTEGER, d.diftEnsemble, "noise draws averaged for the DIFT features (paper: 8)", 1.0, 64.0).shown("Feature noise draws", POINTS));
        l.add(new EditSetting("visibilitySimilarity", Kind.DECIMAL, d.visibilitySimilarity, "frames whose point feature is less similar to the mean count as not visible (ours: 0.35)", -1.0, 1.0).shown("Visibility similarity", POINTS));
        l.add(new EditSetting("registrationIterations", Kind.INTEGER, d.registrationIterations, "point registration iterations, per context window (paper: 100)", 0.0, 100000.0).shown("Iterations", REGISTRATION));
        l.add(new EditSetting("learningRate", Kind.DECIMAL, d.learningRate, "AdamW learning rate of the registration (reference code: 5e-4; the paper says 5e-5)", 0.0, 1.0).shown("Learning rate", REGISTRATION));
        l.add(new EditSetting("weightDecay", Kind.DECIMAL, d.weightDecay, "AdamW weight decay of the registration (reference code: 0.01)", 0.0, 1.0).shown("Weight decay", REGISTRATION));
        l.add(new EditSetting("pointDropRate", Kind.DECIMAL, d.pointDropRate, "chance a point sits out a registration iteration (paper: 0.2)", 0.0, 1.0).shown("Point drop rate", REGISTRATION));
        l.add(new EditSetting("patchSize", Kind.INTEGER, d.patchSize, "loss patch side around each point, latent cells (paper: 4)", 1.0, 64.0).shown("Loss patch size", REGISTRATION));
        l.add(new EditSetting("patchLoss", Kind.BOOLEAN, d.patchLoss, "registration loss only near the points (paper: on; off is its ablation)").shown("Loss near the points only", REGISTRATION));
        l.add(new EditSetting("semanticSchedule", Kind.BOOLEAN, d.semanticSchedule, "register at t ~ U(T/2, T), the noisy half where the points carry meaning (paper: on; off: full range, its ablation)").shown("Register at high noise", REGISTRATION));
        l.add(new EditSetting("motionFeatures", Kind.BOOLEAN, d.motionFeatures, "use the semantic points (off: DDIM + latent blend only, the paper's baseline)").shown("Use the points", POINTS));
        l.add(new EditSetting("subCellPoints", Kind.BOOLEAN, d.subCellPoints, "write each point on its four nearest latent cells, bilinear (off: the nearest cell, as the paper)").shown("Sub-cell point positions", POINTS));
        l.add(new EditSetting("placementGuidance", Kind.DECIMAL, d.placementGuidance, "pull the new subject's attention centroid to the source's, per frame (0: off, as the paper)", 0.0, 1.0E9).shown("Placement guidance", EDIT));
        l.add(new EditSetting("placementPasses", Kind.INTEGER, d.placementPasses, "edits per swap, each re-aiming the placement guidance by where the previous one drew the subject (1: one edit)", 1.0, 8.0).shown("Placement passes", EDIT));
        l.add(new EditSetting("contextLength", Kind.INTEGER, d.contextLength, "frames the video model sees at once: a longer clip runs in overlapping windows (cut to what the motion module was trained on)", 1.0, 1024.0).shown("Window length (frames)", LONG_CLIPS));
        l.add(new EditSetting("contextOverlap", Kind.INTEGER, d.contextOverlap, "frames neighbouring windows share (less than the window)", 0.0, 1023.0).shown("Window overlap (frames)", LONG_CLIPS));
        l.add(new EditSetting("contextStride", Kind.INTEGER, d.contextStride, "1: contiguous windows; 2 or more: also windows over every 2nd, 4th ... frame", 1.0, (double) ContextWindows.MAX_STRIDE).shown("Window stride", LONG_CLIPS));
        l.add(new EditSetting("seed", Kind.INTEGER, (int) d.seed, "seed of every random draw: the same seed and settings give the same swap").shown("Seed", EditSetting.MAIN));
        // listed (and shown) in the order of the work, the record's order within a stage
        List<String> order = List.of(EditSetting.MAIN, POINTS, REGISTRATION, EDIT, BLEND, LONG_CLIPS);
        l.sort(java.util.Comparator.comparingInt(s -> order.indexOf(s.group())));
        return l;
    }

    /**
     * Draft, Standard and Final, each relative to the defaults in force (a model's recommendation
     * included). Standard is the defaults. Draft is for a quick look at where the new subject goes:
     * half the steps (at least 10), a third of the registration (at least 20 iterations), two feature
     * draws and one edit. Final spends more on the source side: twice the registration iterations
     * and four more feature draws per point (what the paper fixes at 100 and 8 for time's sake).
     */
    public static List<EditPreset> presets() {
        return List.of(new EditPreset("Draft", "a quick look: half the steps, a third of the point registration, "
                + "one edit (about a third of Standard's time)", d -> Map.of(
                        "steps", Math.max(Math.min(10, (Integer) d.get("steps")), (Integer) d.get("steps") / 2),
                        "registrationIterations", Math.max(Math.min(20, (Integer) d.get("registrationIterations")),
                                (Integer) d.get("registrationIterations") / 3),
                        "diftEnsemble", Math.min(2, (Integer) d.get("diftEnsemble")),
                        "placementPasses", 1)),
                new EditPreset("Standard", "the settings this model is tuned for (the paper's where the model says "
                        + "nothing)",
                        d -> Map.of()),
                new EditPreset("Final", "more care on the source side: twice the point registration, more "
                        + "feature draws (about 1.7 times Standard's time)", d -> Map.of(
                                "registrationIterations", 2 * (Integer) d.get("registrationIterations"),
                                "diftEnsemble", Math.min(64, (Integer) d.get("diftEnsemble") + 4))));
    }

    /** These settings by name, as {@link EditRequest#settings()} carries them. */
    public Map<String, Object> toValues() {
        return SettingsRecords.values(this);
    }

    /** Defaults overridden by {@code values} (typed or text); an unknown name is refused. */
    public static VideoSwapSettings fromValues(Map<String, ?> values) {
        return SettingsRecords.of(VideoSwapSettings.class, descriptors(), values, "VideoSwap");
    }
}
