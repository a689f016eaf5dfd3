package io.vswap.ui.internal.explorer;

import org.eclipse.jface.viewers.ITreeContentProvider;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ShotNode;
import io.vswap.video.api.Project;

/**
 * Project → shots → clips. Shots are shown as {@link ShotNode}s and clips as {@link ClipRef}s
 * so that each node knows its project (the model records do not point upwards).
 */
final class ProjectTreeContent implements ITreeContentProvider {

    /**
     * The viewer's input: a holder, not the project itself. JFace treats an element equal to the
     * input as the root and asks getElements for its children, so a project as both input and
     * top element would expand into itself forever.
     */
    record Input(Project project) {
    }

    @Override
    public Object[] getElements(Object input) {
        return input instanceof Input i && i.project() != null ? new Object[] { i.project() } : new Object[0];
    }

    @Override
    public Object[] getChildren(Object parent) {
        if (parent instanceof Project p) {
            return p.shots().stream().map(s -> new ShotNode(p, s)).toArray();
        }
        if (parent instanceof ShotNode n) {
            return n.shot().clips().stream().map(c -> new ClipRef(n.project(), n.shot(), c)).toArray();
        }
        return new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof ShotNode n) {
            return n.project();
        }
        if (element instanceof ClipRef c) {
            return new ShotNode(c.project(), c.shot());
        }
        return null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return getChildren(element).length > 0;
    }
}
