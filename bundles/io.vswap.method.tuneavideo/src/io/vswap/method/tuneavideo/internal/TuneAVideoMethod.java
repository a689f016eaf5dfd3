package io.vswap.method.tuneavideo.internal;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.PreprocessingLock;
import io.vswap.swap.api.SubjectMasks;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * Tune-A-Video (Wu et al., ICCV 2023: "Tune-A-Video: One-Shot Tuning of Image Diffusion Models for
 * Text-to-Video Generation") as an {@link EditMethod}: the image UNet inflated with sparse-causal and
 * temporal attention, tuned on the source clip with its prompt, the source DDIM-inverted by the tuned
 * model, then sampled with the edited prompt. Edits by prompt (one word replaced, or the edited prompt
 * whole); no points. The tuned weights and the inversion are the clip's source side, cached.
 */
@Component(service = EditMethod.class)
public final class TuneAVideoMethod implements EditMethod {

    public static final String ID = "tuneavideo";

    /**
     * The longest clip edited at once. The tuning differentiates through every frame of the clip in one
     * pass (no context windows: the sparse-causal chain runs from the first frame to the last), so its
     * memory grows with the frame count; the paper's configurations tune 24 frames.
     */
    public static final int MAX_FRAMES = 32;

    /** Losses are reported as the mean of this many steps (one step's loss depends mostly on its timestep). */
    static final int LOSS_WINDOW = 10;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Tune-A-Video (one-shot tuned spatio-temporal attention)";
    }

    /** The edited word and its replacement, or the edited prompt whole: no points. */
    @Override
    public Set<EditInput> inputs() {
        return EnumSet.of(EditInput.SUBJECT_WORD, EditInput.TARGET_WORD, EditInput.TARGET_PROMPT);
    }

    @Override
    public List<EditSetting> settings() {
        return TuneAVideoSettings.descriptors();
    }

    @Override
    public List<EditPreset> presets() {
        return TuneAVideoSettings.presets();
    }

    /** Tuning (a forward and its backward over the clip per step), inversion (a pass per step), the edit (both halves). */
    @Override
    public OptionalDouble framePasses(Map<String, ?> settings, int frames) {
        TuneAVideoSettings s = TuneAVideoSettings.fromValues(settings);
        return OptionalDouble.of(frames * (3.0 * s.tuningSteps() + s.inversionSteps() + 2.0 * s.steps()));
    }

    @Override
    public EditResult run(EditRequest request, IProgressMonitor monitor) throws Exception {
        TuneAVideoSettings s = checked(request, true);
        return request.models().runtime().call(() -> execute(request, s, false, monitor));
    }

    /** The tuning and the inversion into the request's cache, for the next edits of the clip. */
    @Override
    public EditReport prepare(EditRequest request, IProgressMonitor monitor) throws Exception {
        TuneAVideoSettings s = checked(request, false);
        return request.models().runtime().call(() -> execute(request, s, true, monitor)).report();
    }

    /** Everything that can be refused before any work, refused in words. */
    static TuneAVideoSettings checked(EditRequest request, boolean withEdit) {
        TuneAVideoSettings s = TuneAVideoSettings.fromValues(request.settings());
        int frames = request.frames().size();
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("Tune-A-Video edits clips of up to " + MAX_FRAMES + " frames (its tuning "
                    + "learns from every frame at once); this clip has " + frames + ". Edit it as shorter clips");
        }
        InflatedUNet.requireLayers(request.models().unet().imageUNet());
        if (withEdit && sameWords(request.targetPrompt(), request.sourcePrompt())) {
            throw new IllegalArgumentException("the edited prompt \"" + request.targetPrompt() + "\" says what the "
                    + "source prompt says: there is nothing to edit. Replace a word with another");
        }
        return s;
    }

    /** Prompts that tokenise alike: case and spacing aside. */
    private static boolean sameWords(String a, String b) {
        return words(a).equals(words(b));
    }

    private static String words(String p) {
        return p.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private EditResult execute(EditRequest request, TuneAVideoSettings s, boolean prepareOnly,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, prepareOnly ? "Tune-A-Video: tuning on the clip"
                : "Tune-A-Video: \"" + request.sourcePrompt() + "\" → \"" + request.targetPrompt() + "\"", 100);
        EditReport.Builder report = new EditReport.Builder().settings(s.toValues());
        VideoUNetModel unet = request.models().unet();
        Precision held = unet.precision();
        // the tuning differentiates through the UNet: fp32 for the run (fp16 -> fp32 -> fp16 is exact)
        if (held != Precision.FP32) {
            unet.setPrecision(Precision.FP32);
        }
        try (NDManager root = request.models().runtime().newManager();
                InflatedUNet inflated = new InflatedUNet(unet.imageUNet(), root, s.seed())) {
            inflated.useTemporalLayers(s.temporalLayers());
            TuneAVideoPipeline p = new TuneAVideoPipeline(request.models(), s);
            sub.subTask("encoding the frames");
            NDArray latents = request.models().encodeFrames(request.frames(), root);
            sub.worked(3);
            report.stageEnded("encode");
            SourceSide source = new SourceSide(request, s, p, inflated, report);
            NDArray noise;
            // one preparer per clip: a second edit started meanwhile waits, then finds the source side cached
            try (PreprocessingLock held2 = lock(request, report, sub)) {
                source.tune(latents, root, sub.split(prepareOnly ? 77 : 62));
                noise = source.invert(latents, root, sub.split(prepareOnly ? 20 : 10));
            } catch (IOException e) {
                throw new IllegalStateException("the cache's lock could not be released: " + e.getMessage(), e);
            }
            if (prepareOnly) {
                return new EditResult(List.of(), report.build());
            }
            sub.subTask("editing");
            NDArray target = request.models().embedPrompt(request.targetPrompt(), root);
            NDArray unconditional = request.models().embedPrompt("", root);
            NDArray z = p.edit(inflated, noise, target, unconditional, sub.split(20));
            report.stageEnded("edit");
            Optional<FrameMasks> masks = subjectMasks(request, p, s, inflated, latents, z, target, root, report);
            sub.subTask("decoding the frames");
            List<RgbFrame> out = request.models().decodeFrames(z);
            sub.worked(5);
            report.stageEnded("decode");
            return new EditResult(out, report.build(), masks);
        } finally {
            if (held != Precision.FP32) {
                unet.setPrecision(held);
            }
        }
    }

    /**
     * Where the subject is, for the render ({@link SubjectMasks}): the subject word's cross-attention
     * over the source (under the source prompt, through the tuned model) and the target word's over the
     * edit; none where a prompt does not hold its word (an edited prompt given whole), said.
     */
    private static Optional<FrameMasks> subjectMasks(EditRequest request, TuneAVideoPipeline p, TuneAVideoSettings s,
            InflatedUNet inflated, NDArray latents, NDArray edited, NDArray target, NDManager root,
            EditReport.Builder report) {
        NDArray sourcePrompt = request.models().embedPrompt(request.sourcePrompt(), root);
        Optional<float[]> source = p.subjectMap(inflated, latents, sourcePrompt, request.sourcePrompt(),
                request.subjectWord(), s.inversionSteps());
        Optional<float[]> result = p.subjectMap(inflated, edited, target, request.targetPrompt(), request.target(),
                s.steps());
        return SubjectMasks.reported(source, result, latents, report);
    }

    /** The cache's preparer lock, or null without a cache or where none can be made (said in the report). */
    private static PreprocessingLock lock(EditRequest request, EditReport.Builder report, IProgressMonitor monitor) {
        if (request.cache() == null) {
            return null;
        }
        try {
            return PreprocessingLock.acquire(request.cache(), monitor);
        } catch (IOException e) {
            report.note("cache.lock", "none (" + e.getMessage() + "): an edit of this clip started meanwhile may "
                    + "tune on it too");
            return null;
        }
    }

    /** The tuned weights and the inverted noise: read from the cache, resumed or computed. */
    private static final class SourceSide {
        private final EditRequest request;
        private final TuneAVideoSettings s;
        private final TuneAVideoPipeline p;
        private final InflatedUNet inflated;
        private final EditReport.Builder report;
        private final TunedWeightsCache cache;

        SourceSide(EditRequest request, TuneAVideoSettings s, TuneAVideoPipeline p, InflatedUNet inflated,
                EditReport.Builder report) {
            this.request = request;
            this.s = s;
            this.p = p;
            this.inflated = inflated;
            this.report = report;
            this.cache = request.cache() == null ? null
                    : new TunedWeightsCache(request.cache(), request.frames(), request.sourcePrompt(), s);
            if (cache != null) {
                report.note("cache.folder", request.cache().folder().toString());
            }
        }

        void tune(NDArray latents, NDManager root, SubMonitor sub) {
            OneShotTuning.Resume saved = cache == null ? null : cache.readTuned();
            String file = cache == null ? "" : cache.tunedFile().getFileName().toString();
            long trained = inflated.trainable().values().stream().mapToLong(NDArray::size).sum();
            report.note("tuning.trained", String.format(Locale.ROOT, "%d weights: the query projections of %d attention "
                    + "layers%s", trained, inflated.unet().attentionLayers().size(), s.temporalLayers()
                            ? " and " + inflated.temporalLayers() + " temporal attention layers" : ""));
            if (saved != null && saved.stepsDone() == s.tuningSteps()) {
                inflated.load(saved.weights());
                report.cache("tuning", CacheOutcome.REUSED, file, null);
                lossFigures(saved.losses());
                sub.done();
                report.stageEnded("tuning");
                return;
            }
            if (s.tuningSteps() == 0) {
                report.note("tuning", "none: 0 tuning steps, the inflated model as it was made");
                report.stageEnded("tuning");
                return;
            }
            OneShotTuning tuning = new OneShotTuning(request.models().schedule(), request.models().runtime());
            long t0 = System.nanoTime();
            NDArray prompt = request.models().embedPrompt(request.sourcePrompt(), root);
            OneShotTuning.Result r = tuning.tune(inflated, latents, prompt, new OneShotTuning.Options(s.tuningSteps(),
                    s.learningRate(), s.weightDecay(), s.seed(), s.checkpointEvery()), saved, (step, steps, t, loss,
                            skipped) -> {
                        request.observer().loss("tuning", step, steps, loss);
                        sub.subTask(String.format(Locale.ROOT, "tuning %d/%d: loss %.4g", step, steps, loss));
                    }, (done, updates, weights, moments, losses) -> {
                        if (cache != null) {
                            cache.writeTuned(s.tuningSteps(), done, updates, weights, moments, losses);
                        }
                    }, sub);
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.figure("tuning.secondsPerStep", seconds / (s.tuningSteps() - r.resumedFrom()));
            report.note("tuning.gradients", r.gradients().describe());
            if (r.resumedFrom() > 0) {
                report.note("tuning.resumed", "from step " + r.resumedFrom() + " of " + s.tuningSteps()
                        + " (a stopped tuning's saved state)");
            }
            report.replays("tuning", r.replays(), List.of());
            if (r.skipped() > 0) {
                report.warning(r.skipped() + " tuning steps without an update: the backend's gradient was not finite");
            }
            lossFigures(r.losses());
            if (cache != null) {
                report.cache("tuning", r.checkpointProblem() == null ? CacheOutcome.COMPUTED : CacheOutcome.NOT_CACHED,
                        file, r.checkpointProblem());
            }
            report.stageEnded("tuning");
        }

        /** The tuning's loss: the mean of its last and of its first {@value TuneAVideoMethod#LOSS_WINDOW} steps. */
        private void lossFigures(List<Float> losses) {
            double last = OneShotTuning.meanOfLast(losses, LOSS_WINDOW);
            report.loss("tuning", last);
            report.figure("tuning.loss.first", OneShotTuning.mean(losses.subList(0, Math.min(LOSS_WINDOW,
                    losses.size()))));
            report.figure("tuning.loss.last", last);
        }

        /** §4.3: the source latents inverted by the tuned model with the empty prompt (the paper's code). */
        NDArray invert(NDArray latents, NDManager root, SubMonitor sub) {
            long[] shape = latents.getShape().getShape();
            float[] cached = cache == null ? null : cache.readInversion(shape);
            if (cached != null) {
                report.cache("inversion", CacheOutcome.REUSED, cache.inversionFile().getFileName().toString(), null);
                sub.done();
                report.stageEnded("inversion");
                return root.create(cached, new Shape(shape));
            }
            sub.subTask("DDIM inversion");
            NDArray noise = p.invert(inflated, latents, request.models().embedPrompt("", root), sub);
            if (cache != null) {
                try {
                    cache.writeInversion(noise);
                    report.cache("inversion", CacheOutcome.COMPUTED, cache.inversionFile().getFileName().toString(),
                            null);
                } catch (IOException e) {
                    // a cache that cannot be written costs the next edit time, not this one its result
                    report.cache("inversion", CacheOutcome.NOT_CACHED, cache.inversionFile().getFileName().toString(),
                            e.getMessage());
                }
            }
            report.stageEnded("inversion");
            return noise;
        }
    }
}
