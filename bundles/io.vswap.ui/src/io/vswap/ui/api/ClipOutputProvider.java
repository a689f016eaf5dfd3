package io.vswap.ui.api;

import java.io.IOException;
import java.util.List;

/**
 * Lists what was made from a clip, for the Project Explorer: a DS service per kind of output (the
 * Swap editor's bundle lists swap renders), so that a studio's method adds its own.
 */
public interface ClipOutputProvider {

    /**
     * The outputs of {@code clip} on disk now, newest first; an unreadable one is left out.
     *
     * @throws IOException when the project's folders cannot be read at all
     */
    List<ClipOutput> outputs(ClipRef clip) throws IOException;
}
