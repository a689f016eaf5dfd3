package io.vswap.swap.ui.internal.editor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.ui.internal.SwapServices;

/**
 * A method's settings as the form shows them: with the chosen model's recommendations
 * ({@link ModelSettings#FILE}) as their defaults; the method's own where the model recommends
 * nothing or cannot be read (said as a warning; the edit job refuses such a model with the same
 * message).
 */
final class ModelDefaults {

    /** The settings, and the names of those whose default is the model's recommendation. */
    record Defaults(List<EditSetting> settings, Set<String> fromModel) {

        static Defaults methodsOwn(EditMethod m) {
            return new Defaults(m.settings(), Set.of());
        }
    }

    private final SwapServices services;
    private final Consumer<String> warning;
    /** The "sample" provider's folder, once found. */
    private Path sampleModelFolder;

    ModelDefaults(SwapServices services, Consumer<String> warning) {
        this.services = services;
        this.warning = warning;
    }

    /** The folder of the model the form names ({@code ""}: the installed "sample" model); empty where there is none. */
    java.util.Optional<Path> folder(String modelFolder) throws IOException {
        if (!modelFolder.isEmpty()) {
            Path folder = Path.of(modelFolder);
            return Files.isDirectory(folder) ? java.util.Optional.of(folder) : java.util.Optional.empty();
        }
        if (sampleModelFolder == null) {
            var provider = services.model("sample");
            if (provider.isEmpty()) {
                return java.util.Optional.empty();
            }
            // layout() verifies the weights' checksums: once per editor, not on every method or model change
            sampleModelFolder = provider.get().layout().folder();
        }
        return java.util.Optional.of(sampleModelFolder);
    }

    /** {@code m}'s settings for the model folder the form names ({@code ""}: the installed "sample" model). */
    Defaults of(EditMethod m, String modelFolder) {
        try {
            java.util.Optional<Path> folder = folder(modelFolder);
            if (folder.isEmpty()) {
                return Defaults.methodsOwn(m);
            }
            Map<String, Object> recommended = ModelSettings.recommended(folder.get(), m);
            return new Defaults(ModelSettings.withDefaults(m.settings(), recommended), recommended.keySet());
        } catch (IOException | RuntimeException e) {
            warning.accept("The model's recommended settings were not used: " + e.getMessage());
            return Defaults.methodsOwn(m);
        }
    }
}
