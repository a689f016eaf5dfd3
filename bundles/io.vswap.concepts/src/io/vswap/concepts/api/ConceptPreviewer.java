package io.vswap.concepts.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Text-to-image with a stored concept (a DS service): the base model loaded, the concept applied, a few
 * images drawn from a prompt that names its token ({@link ConceptPreviews}).
 */
public interface ConceptPreviewer {

    /**
     * Draws {@code settings.images()} images of {@code prompt} on the model in {@code modelFolder} with
     * {@code concept} applied (its weights checked first).
     *
     * @param monitor checked between steps; may be null
     * @throws org.eclipse.core.runtime.OperationCanceledException when cancelled
     * @throws ConceptFileException when the concept's weights are damaged or do not fit the model
     */
    List<BufferedImage> draw(Path modelFolder, StoredConcept concept, String prompt, PreviewSettings settings,
            IProgressMonitor monitor) throws IOException;

    /** The prompt a preview of {@code concept} uses unless told another: {@code "a photo of a <token>"}. */
    static String defaultPrompt(Concept concept) {
        return ConceptPreviews.defaultPrompt(concept.token());
    }
}
