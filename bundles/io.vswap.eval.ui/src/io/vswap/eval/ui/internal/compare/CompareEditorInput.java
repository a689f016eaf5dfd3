package io.vswap.eval.ui.internal.compare;

import java.util.List;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import io.vswap.eval.ui.internal.RenderChoice;

/** Two to four renders of one clip, compared (the same renders again bring their editor to the front). */
public final class CompareEditorInput implements IEditorInput {

    private final List<RenderChoice> renders;

    public CompareEditorInput(List<RenderChoice> renders) {
        this.renders = List.copyOf(renders);
    }

    public List<RenderChoice> renders() {
        return renders;
    }

    @Override
    public String getName() {
        return "Compare " + renders.size() + " renders of " + renders.get(0).clip().clip();
    }

    @Override
    public String getToolTipText() {
        return String.join(" · ", renders.stream().map(RenderChoice::label).toList());
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompareEditorInput c && c.renders.stream().map(RenderChoice::record).toList()
                .equals(renders.stream().map(RenderChoice::record).toList());
    }

    @Override
    public int hashCode() {
        return renders.stream().map(RenderChoice::record).toList().hashCode();
    }
}
