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

    /** {@code m}'s settings for the model folder the form names ({@code ""}: the installed "sample" model). */
    Defaults of(EditMethod m, String modelFolder) {
        Path folder;
        try {
            if (modelFolder.isEmpty()) {
                if (sampleModelFolder == null) {
                    var provider = services.model("sample");
                    if (provider.isEmpty()) {
                        return Defaults.methodsOwn(m);
                    }
                    // layout() verifies the weights' checksums: once per editor, not on every method or model change
                    sampleModelFolder = provider.get().layout().folder();
                }
                folder = sampleModelFolder;
            } else {
                folder = Path.of(modelFolder);
                if (!Files.isDirectory(folder)) {
                    return Defaults.methodsOwn(m);
                }
            }
            Map<String, Object> recommended = ModelSettings.recommended(folder, m);
            return new Defaults(ModelSettings.withDefaults(m.settings(), recommended), recommended.keySet());
        } catch (IOException | RuntimeException e) {
            warning.accept("The model's recommended settings were not used: " + e.getMessage());
            return Defaults.methodsOwn(m);
        }
    }
}
