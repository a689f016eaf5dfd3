package io.vswap.diffusion.internal.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The diffusers model-folder components this bundle can read, by sub-folder name. The VAE and
 * the text encoder register here when they exist ({@code vae/}, {@code text_encoder/}).
 */
public final class ModelComponents {

    private static final Map<String, ModelComponent> KNOWN = new LinkedHashMap<>();

    static {
        register(new UNetComponent());
        register(new VaeComponent());
        register(new TextEncoderComponent());
    }

    private ModelComponents() {
    }

    public static synchronized void register(ModelComponent c) {
        KNOWN.put(c.folder(), c);
    }

    public static synchronized Optional<ModelComponent> byFolder(String folder) {
        return Optional.ofNullable(KNOWN.get(folder));
    }

    public static synchronized Map<String, ModelComponent> all() {
        return Map.copyOf(KNOWN);
    }
}
