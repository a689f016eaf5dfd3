package io.vswap.method.cove.internal;

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
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditPreset;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditReport.CacheOutcome;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.SubjectMasks;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * COVE (Wang et al., NeurIPS 2024: "COVE: Unleashing the Diffusion Feature Correspondence for
 * Consistent Video Editing") as an {@link EditMethod}: training-free, on the image model. The source
 * frames' diffusion features give each token its corresponding tokens in every other frame; the
 * inversion and the edit run with the correspondence-guided attention in the UNet's self-attention,
 * so that what the edit changes in one frame it changes alike in the others; in the edit's first steps
 * the source's decoder self-attention is injected (Appendix A, {@link SourceInjection}), so that the
 * edit keeps the source's layout. Edits by prompt: the
 * source prompt with one word replaced, or the edited prompt whole; no points.
 */
@Component(service = EditMethod.class)
public final class CoveMethod implements EditMethod {

    public static final String ID = "cove";

    /**
     * The longest clip edited at once. The correspondence attention holds, per token, K tokens of every
     * other frame for every self-attention layer, so memory grows with the square of the frame count; the
     * paper's longest clips are 32 frames.
     */
    public static final int MAX_FRAMES = 32;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "COVE (diffusion feature correspondence)";
    }

    /** The edited word and its replacement, or the edited prompt whole: no points. */
    @Override
    public Set<EditInput> inputs() {
        return EnumSet.of(EditInput.SUBJECT_WORD, EditInput.TARGET_WORD, EditInput.TARGET_PROMPT);
    }

    @Override
    public List<EditSetting> settings() {
        return CoveSettings.descriptors();
    }

    @Override
    public List<EditPreset> presets() {
        return CoveSettings.presets();
    }

    /**
     * The feature pass (one per frame), the inversion (one per step and frame), the edit (both guidance
     * halves, and the source's pass in the injected steps).
     */
    @Override
    public OptionalDouble framePasses(Map<String, ?> settings, int frames) {
        CoveSettings s = CoveSettings.fromValues(settings);
        return OptionalDouble.of(frames * (1.0 + s.inversionSteps() + 2.0 * s.steps()
                + Math.min(s.steps(), s.injectionSteps())));
    }

    @Override
    public EditResult run(EditRequest request, IProgressMonitor monitor) throws Exception {
        CoveSettings s = checked(request, true);
        return request.models().runtime().call(() -> execute(request, s, false, monitor));
    }

    /** The correspondences and the inversion into the request's cache, for the next edits of the clip. */
    @Override
    public EditReport prepare(EditRequest request, IProgressMonitor monitor) throws Exception {
        CoveSettings s = checked(request, false);
        return request.models().runtime().call(() -> execute(request, s, true, monitor)).report();
    }

    /** Everything that can be refused before any work, refused in words. */
    static CoveSettings checked(EditRequest request, boolean withEdit) {
        CoveSettings s = CoveSettings.fromValues(request.settings());
        int frames = request.frames().size();
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("COVE edits clips of up to " + MAX_FRAMES + " frames at once (its "
                    + "attention links every frame with every other); this clip has " + frames + ". Edit it as shorter "
                    + "clips");
        }
        DiffusionModels m = request.models();
        if (s.motionModules() && m.unet().motionConfig().temporalPositionEncoding()
                && frames > m.unet().motionConfig().temporalPositionEncodingMaxLen()) {
            throw new IllegalArgumentException("the model's motion modules take clips of up to "
                    + m.unet().motionConfig().temporalPositionEncodingMaxLen() + " frames; this clip has " + frames
                    + ". Turn motionModules off or edit a shorter clip");
        }
        if (!CovePipeline.hasSelfAttention(m.unet().imageUNet())) {
            throw new IllegalArgumentException("the model's UNet has no self-attention layers, and COVE's "
                    + "correspondence attention works in them: choose a Stable Diffusion-family model");
        }
        int upBlocks = m.unet().imageUNet().config().upBlockTypes().size();
        if (s.featureUpBlock() >= upBlocks) {
            throw new IllegalArgumentException("the model's UNet has " + upBlocks + " decoder blocks (0 to "
                    + (upBlocks - 1) + "); featureUpBlock " + s.featureUpBlock() + " names none of them");
        }
        if (withEdit) {
            String target = request.targetPrompt();
            if (same(target, request.sourcePrompt())) {
                throw new IllegalArgumentException("the edited prompt \"" + target + "\" says what the source prompt "
                        + "says: there is nothing to edit. Replace a word with another");
            }
        }
        return s;
    }

    /** Prompts that tokenise alike: case and spacing aside. */
    private static boolean same(String a, String b) {
        return norm(a).equals(norm(b));
    }

    private static String norm(String p) {
        return p.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private EditResult execute(EditRequest request, CoveSettings s, boolean prepareOnly, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, prepareOnly ? "COVE: preparing the clip"
                : "COVE: \"" + request.sourcePrompt() + "\" → \"" + request.targetPrompt() + "\"", 100);
        CovePipeline p = new CovePipeline(request.models(), s);
        EditReport.Builder report = new EditReport.Builder().settings(s.toValues());
        SourceCache cache = request.cache() == null ? null
                : new SourceCache(request.cache(), request.frames(), request.sourcePrompt(), s);
        if (cache != null) {
            report.note("cache.folder", request.cache().folder().toString());
        }
        int frames = request.frames().size();
        try (NDManager root = request.models().runtime().newManager()) {
            sub.subTask("encoding the frames");
            NDArray latents = request.models().encodeFrames(request.frames(), root);
            NDArray sourcePrompt = request.models().embedPrompt(request.sourcePrompt(), root);
            sub.worked(5);
            report.stageEnded("encode");
            CorrespondenceAttention attention = null;
            if (s.correspondenceAttention()) {
                attention = new CorrespondenceAttention(frames, correspondences(p, latents, sourcePrompt, cache, report,
                        sub.split(10)).values(), s.mergeRatio(), s.spatioTemporalAttention());
            } else {
                sub.worked(10);
                report.note("correspondence", "off: every frame inverted and edited alone");
            }
            report.stageEnded("correspondence");
            CovePipeline.Inversion inverted = inversion(p, latents, sourcePrompt, s.inversionAttention() ? attention : null,
                    cache, report, sub.split(prepareOnly ? 85 : 40));
            report.stageEnded("inversion");
            if (prepareOnly) {
                return new EditResult(List.of(), report.build());
            }
            sub.subTask("editing");
            NDArray target = request.models().embedPrompt(request.targetPrompt(), root);
            NDArray unconditional = request.models().embedPrompt("", root);
            NDArray z = p.edit(inverted.noise(), target, unconditional, attention, inverted.levels(), sourcePrompt,
                    sub.split(40));
            report.stageEnded("edit");
            Optional<FrameMasks> masks = subjectMasks(request, p, s, latents, sourcePrompt, z, target,
                    s.inversionAttention() ? attention : null, attention, report);
            sub.subTask("decoding the frames");
            List<RgbFrame> out = request.models().decodeFrames(z);
            sub.worked(5);
            report.stageEnded("decode");
            return new EditResult(out, report.build(), masks);
        }
    }

    /**
     * Where the subject is, for the render ({@link SubjectMasks}): the subject word's cross-attention
     * over the source and the target word's over the edit, each in one pass as the stage's attention
     * runs; none where a prompt does not hold its word (an edited prompt given whole), said.
     */
    private static Optional<FrameMasks> subjectMasks(EditRequest request, CovePipeline p, CoveSettings s,
            NDArray latents, NDArray sourcePrompt, NDArray edited, NDArray target, CorrespondenceAttention inversion,
            CorrespondenceAttention edit, EditReport.Builder report) {
        Optional<float[]> source = p.subjectMap(latents, sourcePrompt, request.sourcePrompt(), request.subjectWord(),
                inversion, s.inversionSteps());
        Optional<float[]> result = p.subjectMap(edited, target, request.targetPrompt(), request.target(), edit, s.steps());
        return SubjectMasks.reported(source, result, latents, report);
    }

    private static Map<String, Correspondences> correspondences(CovePipeline p, NDArray latents, NDArray sourcePrompt,
            SourceCache cache, EditReport.Builder report, SubMonitor sub) {
        Map<String, Correspondences> cached = cache == null ? null : cache.readCorrespondences();
        if (cached != null && cached.keySet().equals(keys(p.grids(latents)))) {
            report.cache("correspondence", CacheOutcome.REUSED, cache.correspondenceFile().getFileName().toString(),
                    null);
            sub.done();
            return cached;
        }
        Map<String, Correspondences> found = p.correspondences(latents, sourcePrompt, sub);
        report.note("correspondence.grids", String.join(", ", found.keySet()));
        if (cache != null) {
            try {
                cache.writeCorrespondences(found);
                report.cache("correspondence", CacheOutcome.COMPUTED, cache.correspondenceFile().getFileName()
                        .toString(), null);
            } catch (IOException e) {
                // a cache that cannot be written costs the next edit time, not this one its result
                report.cache("correspondence", CacheOutcome.NOT_CACHED, cache.correspondenceFile().getFileName()
                        .toString(), e.getMessage());
            }
        }
        return found;
    }

    private static java.util.Set<String> keys(List<int[]> grids) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        grids.forEach(g -> out.add(DiffusionFeatures.key(g[0], g[1])));
        return out;
    }

    private static CovePipeline.Inversion inversion(CovePipeline p, NDArray latents, NDArray sourcePrompt,
            CorrespondenceAttention attention, SourceCache cache, EditReport.Builder report, SubMonitor sub) {
        boolean injected = p.injectedTimesteps().length > 0;
        SourceCache.StoredLatents stored = cache == null ? null : cache.readInversion();
        SourceCache.StoredLatents levels = cache == null || !injected ? null : cache.readLevels();
        if (stored != null && new Shape(stored.shape()).equals(latents.getShape())
                && (!injected || levels != null && new Shape(levels.shape()).slice(1).equals(latents.getShape()))) {
            report.cache("inversion", CacheOutcome.REUSED, cache.inversionFile().getFileName().toString(), null);
            sub.done();
            NDManager m = latents.getManager();
            return new CovePipeline.Inversion(m.create(stored.values(), new Shape(stored.shape())), !injected ? null
                    : new CovePipeline.SourceLevels(p.injectedTimesteps(), m.create(levels.values(),
                            new Shape(levels.shape()))));
        }
        sub.subTask("DDIM inversion");
        CovePipeline.Inversion inverted = p.invert(latents, sourcePrompt, attention, sub);
        if (cache != null) {
            try {
                NDArray noise = inverted.noise();
                cache.writeInversion(noise.getShape().getShape(), noise.toFloatArray());
                if (inverted.levels() != null) {
                    NDArray l = inverted.levels().latents();
                    cache.writeLevels(l.getShape().getShape(), l.toFloatArray());
                }
                report.cache("inversion", CacheOutcome.COMPUTED, cache.inversionFile().getFileName().toString(), null);
            } catch (IOException e) {
                report.cache("inversion", CacheOutcome.NOT_CACHED, cache.inversionFile().getFileName().toString(),
                        e.getMessage());
            }
        }
        return inverted;
    }
}
