package io.vswap.method.tuneavideo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.EditSetting.Kind;
import io.vswap.swap.api.SettingsRecords;

/**
 * Tune-A-Video's settings; defaults from the paper (Wu et al., ICCV 2023, §5) and its training script's
 * configurations (showlab/Tune-A-Video {@code configs/*.yaml}) unless said.
 *
 * @param tuningSteps one-shot tuning steps (the configurations: 500; the paper: 300–500)
 * @param learningRate AdamW's learning rate (3e-5)
 * @param weightDecay AdamW's decoupled weight decay (the script's default, 0.01)
 * @param checkpointEvery a resumable state is saved every this many steps (0: only when cancelled); not the paper's
 * @param temporalLayers add and tune the temporal attention layers (off: the ablation without them)
 * @param inversionSteps DDIM inversion steps of the tuned model, empty prompt (50)
 * @param steps DDIM sampling steps of the edit (50)
 * @param guidanceScale classifier-free guidance of the edit (12.5)
 * @param seed the tuning's timesteps and noise, and the temporal layers' init (the configurations: 33)
 */
public record TuneAVideoSettings(int tuningSteps, double learningRate, double weightDecay, int checkpointEvery,
        boolean temporalLayers, int inversionSteps, int steps, double guidanceScale, long seed) {

    public static final TuneAVideoSettings DEFAULTS = new TuneAVideoSettings(500, 3e-5, 0.01, 100, true, 50, 50, 12.5,
            33);

    /** Groups of {@link #descriptors()}, in the order of the work. */
    public static final String TUNING = "One-shot tuning", EDIT = "Inversion and edit";

    public TuneAVideoSettings {
        if (tuningSteps < 0 || inversionSteps < 1 || steps < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("the steps must be positive (tuning steps may be 0), the checkpoint "
                    + "interval not negative");
        }
        if (!(learningRate >= 0) || !(weightDecay >= 0) || !(guidanceScale >= 0)) {
            throw new IllegalArgumentException("learning rate, weight decay and guidance are not negative");
        }
    }

    /** Every setting described for a form and a batch spec, with {@link #DEFAULTS}' values, by stage. */
    public static List<EditSetting> descriptors() {
        TuneAVideoSettings d = DEFAULTS;
        List<EditSetting> l = new ArrayList<>();
        l.add(new EditSetting("seed", Kind.INTEGER, (int) d.seed, "seed of the tuning's noise and timesteps and of the "
                + "temporal layers' init: the same seed and settings give the same edit").shown("Seed", EditSetting.MAIN));
        l.add(new EditSetting("tuningSteps", Kind.INTEGER, d.tuningSteps, "one-shot tuning steps on the source clip "
                + "(paper: 300-500; its configurations 500)", 0.0, 100000.0).shown("Tuning steps", TUNING));
        l.add(new EditSetting("learningRate", Kind.DECIMAL, d.learningRate, "AdamW learning rate of the tuning "
                + "(paper: 3e-5)", 0.0, 1.0).shown("Learning rate", TUNING));
        l.add(new EditSetting("weightDecay", Kind.DECIMAL, d.weightDecay, "AdamW's decoupled weight decay (the paper's "
                + "script: 0.01)", 0.0, 1.0).shown("Weight decay", TUNING));
        l.add(new EditSetting("checkpointEvery", Kind.INTEGER, d.checkpointEvery, "save a resumable state every this "
                + "many tuning steps (0: only when cancelled)", 0.0, 100000.0).shown("Checkpoint every", TUNING));
        l.add(new EditSetting("temporalLayers", Kind.BOOLEAN, d.temporalLayers, "add and tune temporal attention "
                + "layers (off: sparse-causal attention and the query projections only, an ablation)")
                .shown("Temporal layers", TUNING));
        l.add(new EditSetting("inversionSteps", Kind.INTEGER, d.inversionSteps, "DDIM inversion steps of the tuned "
                + "model (paper: 50)", 1.0, 1000.0).shown("Inversion steps", EDIT));
        l.add(new EditSetting("steps", Kind.INTEGER, d.steps, "DDIM sampling steps of the edit (paper: 50)", 1.0, 1000.0)
                .shown("Sampling steps", EDIT));
        l.add(new EditSetting("guidanceScale", Kind.DECIMAL, d.guidanceScale, "classifier-free guidance: how strongly "
                + "the edit follows the edited prompt (paper: 12.5)", 0.0, 100.0).shown("Prompt guidance", EDIT));
        return l;
    }

    /**
     * Draft, Standard (the defaults in force) and Paper. Draft is for the tiny sample model and a quick
     * look: a tenth of the tuning steps and 20 inversion and sampling steps (at most the defaults).
     */
    public static List<EditPreset> presets() {
        return List.of(new EditPreset("Draft", "a quick look: a tenth of the tuning steps, 20 inversion and 20 "
                + "sampling steps (the paper: 500, 50 and 50)",
                d -> Map.of("tuningSteps", Math.max(1, (Integer) d.get("tuningSteps") / 10),
                        "inversionSteps", Math.min(20, (Integer) d.get("inversionSteps")),
                        "steps", Math.min(20, (Integer) d.get("steps")))),
                new EditPreset("Standard", "the defaults in force (the paper's where the model recommends nothing)",
                        d -> Map.of()),
                new EditPreset("Paper", "the paper's values whatever the model recommends: 500 tuning steps at 3e-5, "
                        + "50 inversion and 50 sampling steps, guidance 12.5",
                        d -> DEFAULTS.toValues()));
    }

    /** These settings by name, as a request carries them. */
    public Map<String, Object> toValues() {
        return SettingsRecords.values(this);
    }

    /** Defaults overridden by {@code values} (typed or text); an unknown name is refused by name. */
    public static TuneAVideoSettings fromValues(Map<String, ?> values) {
        return SettingsRecords.of(TuneAVideoSettings.class, descriptors(), values, "Tune-A-Video");
    }
}
