package io.vswap.swap.ui.internal.editor;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import io.vswap.ui.internal.jobs.ClipRef;

/**
 * A clip opened for subject swapping. Equal for the same clip of the same project folder, so
 * "Swap Subject" on a clip already open brings its editor to the front instead of a second one.
 */
public final class SwapEditorInput implements IEditorInput {

    private final ClipRef clip;

    public SwapEditorInput(ClipRef clip) {
        this.clip = Objects.requireNonNull(clip);
    }

    public ClipRef clip() {
        return clip;
    }

    @Override
    public boolean exists() {
        return false; // not restored after a restart: the project may be gone
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return clip.shot().name() + " / " + clip.clip().name();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "Swap of clip " + clip.clip().name() + " of shot " + clip.shot().name() + " in "
                + clip.project().folder();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return adapter.isInstance(clip) ? adapter.cast(clip) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwapEditorInput other
                && other.clip.project().folder().equals(clip.project().folder())
                && other.clip.shot().id().equals(clip.shot().id())
                && other.clip.clip().name().equals(clip.clip().name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(clip.project().folder(), clip.shot().id(), clip.clip().name());
    }
}
