package io.vswap.swap.api;

import java.util.List;
import java.util.Map;

import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.video.api.RgbFrame;

/**
 * One edit of a prepared clip (cropped and resized to the model's resolution, e.g. 16 frames of
 * 512×512).
 *
 * @param frames the clip's frames, all of one size, a multiple of the model's latent scale
 * @param points the clip's semantic points, tracked; null for methods that do not use points
 * @param pointEdit which points this edit removes or drags; null: all points as tracked
 * @param sourcePrompt describes the clip, naming the subject ({@code "a cat walking on grass"})
 * @param subjectWord the subject's word(s) in {@code sourcePrompt} ({@code "cat"})
 * @param target the word or concept token that replaces it ({@code "dog"}, {@code "<cat1>"})
 * @param settings values for the method's {@link EditMethod#settings()} by name; absent ones take defaults
 * @param cache where the method may keep and find its source-side preprocessing; null: none
 */
public record EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
        String sourcePrompt, String subjectWord, String target, Map<String, Object> settings,
        PreprocessingCache cache) {

    /** A request without a preprocessing cache. */
    public EditRequest(DiffusionModels models, List<RgbFrame> frames, PointSet points, PointEdit pointEdit,
            String sourcePrompt, String subjectWord, String target, Map<String, Object> settings) {
        this(models, frames, points, pointEdit, sourcePrompt, subjectWord, target, settings, null);
    }

    public EditRequest {
        frames = List.copyOf(frames);
        settings = Map.copyOf(settings);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an edit needs frames");
        }
        if (sourcePrompt == null || subjectWord == null || target == null || subjectWord.isBlank()
                || target.isBlank()) {
            throw new IllegalArgumentException("an edit needs a source prompt, a subject word and a target");
        }
    }

    /** The source prompt with every whole-word occurrence of the subject word replaced by the target. */
    public String targetPrompt() {
        return SubjectWords.replace(sourcePrompt, subjectWord, target);
    }
}
