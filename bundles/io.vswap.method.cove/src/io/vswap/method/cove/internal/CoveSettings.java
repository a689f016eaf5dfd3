package io.vswap.method.cove.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.EditSetting.Kind;
import io.vswap.swap.api.SettingsRecords;

/**
 * COVE's settings, defaults from the paper (Wang et al., NeurIPS 2024, §4.1 and Appendix A) unless said.
 *
 * @param inversionSteps DDIM inversion steps (100)
 * @param steps DDIM denoising steps of the edit (50)
 * @param injectionSteps the first denoising steps in which the source's decoder self-attention queries and
 *        keys replace the edit's ({@link SourceInjection}; Appendix A: "the first 40 timesteps"; 0: none)
 * @param guidanceScale classifier-free guidance of the edit. The paper does not give it; 7.5 is Stable
 *        Diffusion's default, which its code base (diffusers) uses
 * @param featureTimestep noise level of the one UNet pass that gives the diffusion features (261, after DIFT)
 * @param featureUpBlock the decoder (up) block whose output is the feature (2). Appendix A: a 64×64 feature for
 *        512×512 frames, the latent's own size, from an intermediate decoder layer: the output of up block 2 of
 *        a Stable Diffusion UNet (block 1, DIFT's {@code up_ft_index}, is half that size)
 * @param window side of the sliding window the next frame is searched in, in feature cells (l = 9)
 * @param topK corresponding tokens kept per frame (K = 3)
 * @param mergeRatio share of a token's corresponding tokens merged away before the attention (0.5)
 * @param spatioTemporalAttention a token attends to every token of the clip beside its corresponding tokens (§3.3:
 *        "we also retain the spatial-temporal attention"; on), or to its own frame's only
 * @param correspondenceAttention use the correspondence-guided attention at all (off: every frame is
 *        inverted and edited alone, the paper's "w/o" ablation and the frame-by-frame baseline)
 * @param inversionAttention the correspondence-guided attention during inversion too (on; Appendix E)
 * @param motionModules run the model's motion modules as well (off: COVE is training-free on the image
 *        model; on: the video UNet, the correspondence attention in its spatial layers)
 * @param seed the feature pass's noise follows from it (the rest is deterministic)
 */
public record CoveSettings(int inversionSteps, int steps, int injectionSteps, double guidanceScale, int featureTimestep,
        int featureUpBlock, int window, int topK, double mergeRatio, boolean spatioTemporalAttention,
        boolean correspondenceAttention, boolean inversionAttention,
        boolean motionModules, long seed) {

    public static final CoveSettings DEFAULTS = new CoveSettings(100, 50, 40, 7.5, 261, 2, 9, 3, 0.5, true, true, true, false,
            0);

    /** Groups of {@link #descriptors()}, in the order of the work. */
    public static final String CORRESPONDENCE = "Correspondence", ATTENTION = "Correspondence attention",
            EDIT = "Inversion and edit";

    public CoveSettings {
        if (inversionSteps < 1 || steps < 1 || topK < 1 || window < 1 || featureUpBlock < 0 || injectionSteps < 0) {
            throw new IllegalArgumentException("steps, top K and the window must be positive, the up block and the "
                    + "injection steps not negative");
        }
        if (window % 2 == 0) {
            throw new IllegalArgumentException("the correspondence window is centred on the token: its side is odd, not "
                    + window);
        }
        if (!(mergeRatio >= 0 && mergeRatio <= 0.5)) {
            // bipartite merging pairs each merged token with one it keeps: at most half can go
            throw new IllegalArgumentException("the merge ratio lies in [0, 0.5]: " + mergeRatio);
        }
        if (featureTimestep < 0) {
            throw new IllegalArgumentException("feature timestep " + featureTimestep);
        }
    }

    /** Every setting described for a form and a batch spec, with {@link #DEFAULTS}' values, by stage. */
    public static List<EditSetting> descriptors() {
        CoveSettings d = DEFAULTS;
        List<EditSetting> l = new ArrayList<>();
        l.add(new EditSetting("inversionSteps", Kind.INTEGER, d.inversionSteps, "DDIM inversion steps (paper: 100)", 1.0, 1000.0).shown("Inversion steps", EDIT));
        l.add(new EditSetting("steps", Kind.INTEGER, d.steps, "DDIM denoising steps of the edit (paper: 50)", 1.0, 1000.0).shown("Denoising steps", EDIT));
        l.add(new EditSetting("injectionSteps", Kind.INTEGER, d.injectionSteps, "the first denoising steps in which the source's self-attention in the UNet's decoder (queries and keys) replaces the edit's, keeping the source's layout (paper: 40 of 50; 0: none)", 0.0, 1000.0).shown("Source injection steps", EDIT));
        l.add(new EditSetting("guidanceScale", Kind.DECIMAL, d.guidanceScale, "classifier-free guidance: how strongly the edit follows the edited prompt (not in the paper; Stable Diffusion's 7.5)", 0.0, 100.0).shown("Prompt guidance", EDIT));
        l.add(new EditSetting("featureTimestep", Kind.INTEGER, d.featureTimestep, "noise level of the one UNet pass whose features give the correspondences (paper: 261)", 0.0, 999.0).shown("Feature noise level", CORRESPONDENCE));
        l.add(new EditSetting("featureUpBlock", Kind.INTEGER, d.featureUpBlock, "UNet decoder block the features are read from (paper: a feature at the latent's size, up block 2 of Stable Diffusion; DIFT's is 1)", 0.0, 8.0).shown("Feature block", CORRESPONDENCE));
        l.add(new EditSetting("window", Kind.INTEGER, d.window, "side of the window a token's match is searched in on the next frame, in feature cells, odd (paper: l = 9)", 1.0, 255.0).shown("Search window", CORRESPONDENCE));
        l.add(new EditSetting("topK", Kind.INTEGER, d.topK, "corresponding tokens per frame each token attends to (paper: K = 3)", 1.0, 64.0).shown("Tokens per frame (K)", CORRESPONDENCE));
        l.add(new EditSetting("mergeRatio", Kind.DECIMAL, d.mergeRatio, "share of the corresponding tokens merged over time before the attention (paper: 0.5; 0: none)", 0.0, 0.5).shown("Token merging ratio", ATTENTION));
        l.add(new EditSetting("spatioTemporalAttention", Kind.BOOLEAN, d.spatioTemporalAttention, "each token also attends to every token of the clip, as the paper keeps the spatio-temporal attention (off: its own frame's only; its time grows with the square of frames × latent cells)").shown("Spatio-temporal attention", ATTENTION));
        l.add(new EditSetting("correspondenceAttention", Kind.BOOLEAN, d.correspondenceAttention, "attend to the corresponding tokens of the other frames (off: each frame edited alone, the paper's w/o ablation)").shown("Correspondence attention", ATTENTION));
        l.add(new EditSetting("inversionAttention", Kind.BOOLEAN, d.inversionAttention, "the correspondence attention during the inversion too (paper: on, Appendix E)").shown("Also while inverting", ATTENTION));
        l.add(new EditSetting("motionModules", Kind.BOOLEAN, d.motionModules, "run the model's motion modules too (off: the image model, as the paper)").shown("Use motion modules", ATTENTION));
        l.add(new EditSetting("seed", Kind.INTEGER, (int) d.seed, "seed of the feature pass's noise: the same seed and settings give the same edit").shown("Seed", EditSetting.MAIN));
        List<String> order = List.of(EditSetting.MAIN, CORRESPONDENCE, ATTENTION, EDIT);
        l.sort(Comparator.comparingInt(s -> order.indexOf(s.group())));
        return l;
    }

    /**
     * Draft, Standard (the defaults in force) and Paper. Draft is for the tiny sample model and a quick
     * look: 20 inversion and 20 denoising steps (at most the defaults), the source injected in the first
     * 16 (the paper's 40 of 50). The paper's 100 + 50 steps are for
     * Stable Diffusion 2.1 at 512×512; on a 64×64 sample clip they cost time without a visible gain.
     */
    public static List<EditPreset> presets() {
        return List.of(new EditPreset("Draft", "a quick look: 20 inversion and 20 denoising steps, the source injected "
                + "in the first 16 (the paper: 100 and 50, 40)",
                d -> Map.of("inversionSteps", Math.min(20, (Integer) d.get("inversionSteps")),
                        "steps", Math.min(20, (Integer) d.get("steps")),
                        "injectionSteps", Math.min(16, (Integer) d.get("injectionSteps")))),
                new EditPreset("Standard", "the defaults in force (the paper's where the model recommends nothing)",
                        d -> Map.of()),
                new EditPreset("Paper", "the paper's steps whatever the model recommends: 100 inversion, 50 denoising, "
                        + "the source injected in the first 40",
                        d -> Map.of("inversionSteps", 100, "steps", 50, "injectionSteps", 40)));
    }

    /** These settings by name, as a request carries them. */
    public Map<String, Object> toValues() {
        return SettingsRecords.values(this);
    }

    /** Defaults overridden by {@code values} (typed or text); an unknown name is refused by name. */
    public static CoveSettings fromValues(Map<String, ?> values) {
        return SettingsRecords.of(CoveSettings.class, descriptors(), values, "COVE");
    }
}
