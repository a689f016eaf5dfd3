package io.vswap.concepts.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What to learn a concept from.
 *
 * @param modelFolder the base model (a diffusers folder) the concept is trained on and works with
 * @param images 3 to 20 reference images (PNG or JPEG; frames of a clip exported as images)
 * @param name what people call the concept
 * @param token what prompts write for it ({@code <hexagon1>})
 * @param classWord the kind of thing it is ({@code hexagon}); its embedding starts the second token
 * @param description free text
 * @param tags for search
 * @param settings how to train ({@link TrainingSettings#mixOfShow})
 * @param workFolder where the checkpoint is kept while training (a run with the same folder resumes from it)
 */
public record TrainingRequest(Path modelFolder, List<Path> images, String name, String token, String classWord,
        String description, List<String> tags, TrainingSettings settings, Path workFolder) {

    /** The fewest and most reference images a concept is learnt from. */
    public static final int MIN_IMAGES = 3;
    public static final int MAX_IMAGES = 20;

    public TrainingRequest {
        images = List.copyOf(images);
        tags = List.copyOf(tags);
        description = description == null ? "" : description;
    }

    public TrainingRequest withSettings(TrainingSettings s) {
        return new TrainingRequest(modelFolder, images, name, token, classWord, description, tags, s, workFolder);
    }
}
