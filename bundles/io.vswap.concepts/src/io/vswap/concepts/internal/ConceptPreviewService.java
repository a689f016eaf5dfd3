package io.vswap.concepts.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.ConceptPreviewer;
import io.vswap.concepts.api.ConceptPreviews;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;

/** The {@link ConceptPreviewer}: loads the model for each call (a preview is occasional; nothing is kept). */
@Component(service = ConceptPreviewer.class)
public final class ConceptPreviewService implements ConceptPreviewer {

    @Reference
    private ConceptStore store;

    @Reference
    private TensorRuntime runtime;

    @Override
    public List<BufferedImage> draw(Path modelFolder, StoredConcept concept, String prompt, PreviewSettings settings,
            IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Drawing " + concept.label(), 10);
        sub.subTask("loading the model");
        try {
            return runtime.call(() -> {
                try (NDManager root = runtime.newManager();
                        VideoDiffusionModel model = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(modelFolder),
                                root);
                        ConceptPrompt p = ConceptPrompt.load(model, store, concept, DotProductAttention.DEFAULT, root)) {
                    sub.worked(1);
                    return ConceptPreviews.draw(model, p, prompt, settings, root, sub.split(9));
                }
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
