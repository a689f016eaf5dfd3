package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one way a job finds the model it runs on: the folder it names (checked against its
 * {@code checksums.json} when it has one: exactly the bytes that will be loaded), else the
 * installed {@link ModelProvider} of the default id.
 */
public final class ModelFolders {

    private ModelFolders() {
    }

    /**
     * @param folder the job's {@code model} field, if it has one
     * @param providers the installed providers (may be null: none)
     * @param defaultId the provider used when no folder is given ({@code sample})
     * @throws IOException in words: the folder is missing or damaged, or no such provider is installed
     */
    public static VideoDiffusionModel.Layout resolve(Optional<Path> folder, List<ModelProvider> providers,
            String defaultId) throws IOException {
        if (folder.isPresent()) {
            Path f = folder.get();
            if (!Files.isDirectory(f)) {
                throw new IOException("the model folder " + f + " (\"model\") does not exist; leave \"model\" out for "
                        + "the \"" + defaultId + "\" model");
            }
            VideoDiffusionModel.Layout layout = VideoDiffusionModel.Layout.of(f);
            if (ModelChecksums.present(f)) {
                ModelChecksums.verify(layout);
            }
            return layout;
        }
        List<ModelProvider> installed = providers == null ? List.of() : providers;
        return installed.stream().filter(p -> p.id().equals(defaultId)).findFirst()
                .orElseThrow(() -> new IOException("no \"model\" given and no \"" + defaultId
                        + "\" model provider is installed; installed: " + (installed.isEmpty() ? "none"
                                : installed.stream().map(p -> "\"" + p.id() + "\"").collect(Collectors.joining(", ")))))
                .layout();
    }
}
