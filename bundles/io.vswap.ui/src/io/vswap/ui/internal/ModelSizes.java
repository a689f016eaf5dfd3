package io.vswap.ui.internal;

import java.util.Optional;

import org.eclipse.ui.PlatformUI;

import io.vswap.video.api.ClipSizeAdvisor;
import io.vswap.video.api.ClipSizeAdvisor.ModelSize;

/** The clip size the installed model was made for, as the import wizard and the preferences offer it. */
public final class ModelSizes {

    private ModelSizes() {
    }

    /** The editing side's advisor, or null (no editing bundle installed, or no workbench). */
    public static ClipSizeAdvisor advisor() {
        return PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getService(ClipSizeAdvisor.class) : null;
    }

    /** The installed model's own size, or empty when no model (or no editing bundle) is installed. */
    public static Optional<ModelSize> installed() {
        ClipSizeAdvisor a = advisor();
        return a == null ? Optional.empty() : a.modelSize();
    }

    /** The size as a {width, height} pair, or null. */
    public static int[] pair(Optional<ModelSize> size) {
        return size.map(s -> new int[] { s.width(), s.height() }).orElse(null);
    }

    /** The choice's label in a size list: "The model's own (64 × 64)". */
    public static String label(Optional<ModelSize> size) {
        return size.map(s -> "The model's own (" + s.label() + ")")
                .orElse("The model's own (no model installed: 512 × 512)");
    }
}
