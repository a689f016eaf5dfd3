package io.vswap.eval.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * What an evaluation of one edit has at hand. Source and result are checked to match (frame count
 * and size) when it is made, so that no metric compares frames that do not correspond.
 *
 * @param label the edit in words (a render's name), for reports
 * @param source the source clip's frames (empty where the source is missing: the metrics that need it are unavailable)
 * @param result the edited frames
 * @param subjectMasks where the subject is, at the frames' size: pixels a background metric leaves out
 * @param maskOrigin where the masks come from, in words ("the edit's attention", "the user's mask file …")
 * @param points the source's tracked points, where the edit read points
 * @param edit the points the edit removed and dragged ({@link PointEdit#unchanged} for none)
 * @param targetPrompt the prompt the edit aimed at, or empty
 * @param conceptImages a customized concept's reference images, or none
 * @param modelFolder a model folder for metrics that use a model, or empty
 * @param notes what the reader of the evaluation should know of its inputs (e.g. why the source is
 *        missing), in words
 */
public record EvaluationInput(String label, List<RgbFrame> source, List<RgbFrame> result,
        Optional<FrameMasks> subjectMasks, String maskOrigin, Optional<PointSet> points, PointEdit edit,
        Optional<String> targetPrompt, List<RgbFrame> conceptImages, Optional<Path> modelFolder, List<String> notes) {

    public EvaluationInput {
        source = List.copyOf(source);
        result = List.copyOf(result);
        conceptImages = List.copyOf(conceptImages);
        notes = List.copyOf(notes);
        if (result.isEmpty()) {
            throw new IllegalArgumentException("\"" + label + "\" has no edited frames to evaluate");
        }
        RgbFrame first = result.get(0);
        for (RgbFrame f : result) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("\"" + label + "\": the edited frames change size (" + first.width()
                        + "×" + first.height() + ", then " + f.width() + "×" + f.height() + ")");
            }
        }
        if (!source.isEmpty()) {
            RgbFrame s = source.get(0);
            if (source.size() != result.size()) {
                throw new IllegalArgumentException("\"" + label + "\": the source has " + source.size()
                        + " frames and the result " + result.size() + "; evaluate a render against the clip it was "
                        + "made from");
            }
            if (s.width() != first.width() || s.height() != first.height()) {
                throw new IllegalArgumentException("\"" + label + "\": the source's frames are " + s.width() + "×"
                        + s.height() + " and the result's " + first.width() + "×" + first.height()
                        + "; evaluate a render against the clip it was made from");
            }
        }
        if (subjectMasks.isPresent()) {
            FrameMasks m = subjectMasks.get();
            if (m.frames() != result.size() || m.width() != first.width() || m.height() != first.height()) {
                throw new IllegalArgumentException("\"" + label + "\": the subject masks are " + m.frames() + " frames of "
                        + m.width() + "×" + m.height() + ", the result " + result.size() + " of " + first.width() + "×"
                        + first.height() + " (scale them first)");
            }
        }
        if (points.isPresent() && points.get().frameCount() != result.size()) {
            throw new IllegalArgumentException("\"" + label + "\": the points are tracked over "
                    + points.get().frameCount() + " frames, the result has " + result.size());
        }
        maskOrigin = maskOrigin == null ? "" : maskOrigin;
        edit = edit == null ? PointEdit.unchanged("none") : edit;
    }

    /** Source and result only. */
    public static EvaluationInput of(String label, List<RgbFrame> source, List<RgbFrame> result) {
        return new EvaluationInput(label, source, result, Optional.empty(), "", Optional.empty(), null,
                Optional.empty(), List.of(), Optional.empty(), List.of());
    }

    /** This input with subject masks (scaled to the frames' size here). */
    public EvaluationInput withMasks(FrameMasks masks, String origin) {
        RgbFrame f = result.get(0);
        return new EvaluationInput(label, source, result, Optional.of(masks.scaledTo(f.width(), f.height())), origin,
                points, edit, targetPrompt, conceptImages, modelFolder, notes);
    }

    /**
     * This input with an edit's own subject masks ({@link io.vswap.swap.api.EditResult#subjectMasks()}),
     * at the method's resolution: scaled to the frames and grown by one cell, since a latent cell
     * decodes into its block of pixels and a little around it.
     */
    public EvaluationInput withEditMasks(FrameMasks atMethodResolution) {
        RgbFrame f = result.get(0);
        int cell = Math.max(1, f.width() / atMethodResolution.width());
        return new EvaluationInput(label, source, result,
                Optional.of(atMethodResolution.scaledTo(f.width(), f.height()).dilated(cell)),
                "the edit's subject attention (source's and result's), grown by one latent cell (" + cell + " px)",
                points, edit, targetPrompt, conceptImages, modelFolder, notes);
    }

    /** This input with the source's points and the edit's changes to them. */
    public EvaluationInput withPoints(PointSet set, PointEdit pointEdit) {
        return new EvaluationInput(label, source, result, subjectMasks, maskOrigin, Optional.of(set), pointEdit,
                targetPrompt, conceptImages, modelFolder, notes);
    }

    /** This input with the prompt the edit aimed at. */
    public EvaluationInput withTargetPrompt(String prompt) {
        return new EvaluationInput(label, source, result, subjectMasks, maskOrigin, points, edit,
                Optional.of(prompt), conceptImages, modelFolder, notes);
    }

    /** This input with a model folder for the metrics that use a model (a CLIP for CLIP-T/F/I). */
    public EvaluationInput withModelFolder(Path folder) {
        return new EvaluationInput(label, source, result, subjectMasks, maskOrigin, points, edit, targetPrompt,
                conceptImages, Optional.of(folder), notes);
    }

    /** This input with a customized concept's reference images (for CLIP-I). */
    public EvaluationInput withConceptImages(List<RgbFrame> images) {
        return new EvaluationInput(label, source, result, subjectMasks, maskOrigin, points, edit, targetPrompt, images,
                modelFolder, notes);
    }

    /** This input with one more note on its inputs. */
    public EvaluationInput withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new EvaluationInput(label, source, result, subjectMasks, maskOrigin, points, edit, targetPrompt,
                conceptImages, modelFolder, more);
    }

    /** Whether the input has what {@code need} names. */
    public boolean has(MetricNeed need) {
        return switch (need) {
        case SOURCE -> !source.isEmpty();
        case RESULT -> true;
        case SUBJECT_MASKS -> subjectMasks.isPresent();
        case POINTS -> points.isPresent() && points.get().isTracked();
        case TARGET_PROMPT -> targetPrompt.isPresent() && !targetPrompt.get().isBlank();
        case CONCEPT_IMAGES -> !conceptImages.isEmpty();
        case MODEL -> modelFolder.isPresent();
        };
    }

    public int frameCount() {
        return result.size();
    }

    public int width() {
        return result.get(0).width();
    }

    public int height() {
        return result.get(0).height();
    }
}
