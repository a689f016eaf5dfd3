package io.vswap.ui.api;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * A clip opened in an editor of some kind (points, swap, …). Equal for the same clip of the same
 * project folder and the same kind (class), so opening a clip that is already open in that kind
 * of editor brings it to the front instead of a second one, while other kinds of editor on the
 * same clip stay apart.
 */
public abstract class ClipEditorInput implements IEditorInput {

    private final ClipRef clip;
    private final String purpose;

    /** @param purpose what the editor shows of the clip, for the tooltip ("Points", "Swap") */
    protected ClipEditorInput(ClipRef clip, String purpose) {
        this.clip = Objects.requireNonNull(clip);
        this.purpose = Objects.requireNonNull(purpose);
    }

    public final ClipRef clip() {
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
        return purpose + " of clip " + clip.clip().name() + " of shot " + clip.shot().name() + " in "
                + clip.project().folder();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return adapter.isInstance(clip) ? adapter.cast(clip) : null;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && o instanceof ClipEditorInput other
                && other.clip.project().folder().equals(clip.project().folder())
                && other.clip.shot().id().equals(clip.shot().id())
                && other.clip.clip().name().equals(clip.clip().name());
    }

    @Override
    public final int hashCode() {
        return Objects.hash(getClass(), clip.project().folder(), clip.shot().id(), clip.clip().name());
    }
}
