package io.vswap.swap.api;

import java.nio.file.Path;

/**
 * Where an {@link EditMethod} may keep the source side of an edit (for VideoSwap: the DIFT point
 * embeddings, the registered MLPs, the DDIM inversion) so that further edits of the same clip
 * with other targets start from it. The method names its files by a hash of everything they
 * depend on (the frames, points, prompt, subject word, its settings and {@link #modelKey}), so a
 * changed input is recomputed, never reused. A method may ignore the cache.
 *
 * @param folder a folder of the project's cache for this clip, created on first use
 * @param modelKey identifies the model's weights (the caller's choice: checksums, or file sizes and
 *        modification times), since the method only sees the loaded blocks
 */
public record PreprocessingCache(Path folder, String modelKey) {

    public PreprocessingCache {
        if (folder == null || modelKey == null || modelKey.isBlank()) {
            throw new IllegalArgumentException("a preprocessing cache needs a folder and a model key");
        }
    }
}
