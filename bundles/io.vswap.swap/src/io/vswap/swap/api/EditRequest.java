package io.vswap.swap.api;

import java.util.List;
import java.util.Map;

import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.video.api.RgbFrame;

/**
 * One edit of a prepared clip (cropped and resized to the model's resolution, e.g. 16 frames of
 * 512×512). A method reads the parts its {@link EditMethod#inputs()} name.
 *
 * @param frames the clip's frames, all of one size, a multiple of the model's latent scale
 * @param points the clip's semantic points, tracked; null for methods that do not use points
 * @param pointEdit which points this edit removes or drags; null: all points as tracked
 * @param sourcePrompt describes the clip, naming the subject ({@code "a cat walking on grass"})
 * @param subjectWord the subject's word(s) in {@code sourcePrompt} ({@code "cat"})
 * @param target the word or concept token that replaces it ({@code "dog"}, {@code "<cat1>"})
 * @param settings values for the method's {@link EditMethod#settings()} by name; absent ones take defaults
 * @param cache where the method may keep and find its source-side preprocessing; null: none
 * @param editedPrompt the whole prompt after the edit, for methods that edit by prompt; null: the
 *        source prompt with the subject word replaced by the target ({@link #targetPrompt()})
 * @param keyframes edited keyframe images by frame index, for methods that propagate them; empty: none
 * @param concepts the concept tokens the target uses ({@code <cat1>}), for the concept library; empty: none
 * @param observer who sees the edit's loss curves and previews; null: {@link EditObserver#NONE}
 */
public record EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
        String sourcePrompt, String subjectWord, String target, Map<String, Object> settings,
        PreprocessingCache cache, String editedPrompt, Map<Integer, RgbFrame> keyframes, List<String> concepts,
        EditObserver observer) {

    /** An edit nobody observes but through its progress monitor. */
    public EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
            String sourcePrompt, String subjectWord, String target, Map<String, Object> settings,
            PreprocessingCache cache, String editedPrompt, Map<Integer, RgbFrame> keyframes, List<String> concepts) {
        this(models, frames, points, pointEdit, sourcePrompt, subjectWord, target, settings, cache, editedPrompt,
                keyframes, concepts, null);
    }

    /** A subject swap by word, with a preprocessing cache. */
    public EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
            String sourcePrompt, String subjectWord, String target, Map<String, Object> settings,
            PreprocessingCache cache) {
        this(models, frames, points, pointEdit, sourcePrompt, subjectWord, target, settings, cache, null, Map.of(),
                List.of());
    }

    /** A subject swap by word, without a preprocessing cache. */
    public EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
            String sourcePrompt, String subjectWord, String target, Map<String, Object> settings) {
        this(models, frames, points, pointEdit, sourcePrompt, subjectWord, target, settings, null);
    }

    public EditRequest {
        frames = List.copyOf(frames);
        settings = Map.copyOf(settings);
        keyframes = Map.copyOf(keyframes);
        concepts = List.copyOf(concepts);
        observer = observer == null ? EditObserver.NONE : observer;
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an edit needs frames");
        }
        if (sourcePrompt == null) {
            throw new IllegalArgumentException("an edit needs a source prompt");
        }
        boolean byWord = subjectWord != null && target != null && !subjectWord.isBlank() && !target.isBlank();
        if (!byWord && (editedPrompt == null || editedPrompt.isBlank())) {
            throw new IllegalArgumentException("an edit needs a subject word and a target, or the edited prompt");
        }
        for (int k : keyframes.keySet()) {
            if (k < 0 || k >= frames.size()) {
                throw new IllegalArgumentException("keyframe " + k + " is outside the clip (frames 0–" + (frames.size() - 1)
                        + ")");
            }
        }
    }

    /** This request reported to {@code o}. */
    public EditRequest observedBy(EditObserver o) {
        return new EditRequest(models, frames, points, pointEdit, sourcePrompt, subjectWord, target, settings, cache,
                editedPrompt, keyframes, concepts, o);
    }

    /** The prompt after the edit: {@link #editedPrompt} when given, else the source prompt with the subject replaced. */
    public String targetPrompt() {
        return editedPrompt != null && !editedPrompt.isBlank() ? editedPrompt
                : SubjectWords.replace(sourcePrompt, subjectWord, target);
    }
}
