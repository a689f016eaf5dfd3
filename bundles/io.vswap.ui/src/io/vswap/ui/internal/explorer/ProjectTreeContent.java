package io.vswap.ui.internal.explorer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.Viewer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ClipOutputProvider;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ShotNode;
import io.vswap.video.api.Project;

/**
 * Project → shots → clips → what was made from each clip. Shots are shown as {@link ShotNode}s
 * and clips as {@link ClipRef}s so that each node knows its project (the model records do not
 * point upwards); a clip's outputs come from every {@link ClipOutputProvider} service, read once
 * per refresh of the tree.
 */
final class ProjectTreeContent implements ITreeContentProvider {

    private final Map<ClipRef, List<ClipOutput>> outputs = new HashMap<>();

    /** Forgets the outputs read: the next look reads the disk again. */
    void forgetOutputs() {
        outputs.clear();
    }

    @Override
    public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
        forgetOutputs();
    }

    private List<ClipOutput> outputsOf(ClipRef clip) {
        return outputs.computeIfAbsent(clip, c -> {
            List<ClipOutput> all = new ArrayList<>();
            BundleContext ctx = FrameworkUtil.getBundle(ProjectTreeContent.class).getBundleContext();
            if (ctx == null) {
                return all;
            }
            try {
                for (ServiceReference<ClipOutputProvider> ref : ctx.getServiceReferences(ClipOutputProvider.class, null)) {
                    ClipOutputProvider provider = ctx.getService(ref);
                    try {
                        if (provider != null) {
                            all.addAll(provider.outputs(c));
                        }
                    } catch (IOException e) {
                        // a renders folder that cannot be read shows nothing; the editors say why
                    } finally {
                        ctx.ungetService(ref);
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e); // no filter given
            }
            all.sort(Comparator.comparing(ClipOutput::written).reversed());
            return all;
        });
    }

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
        if (parent instanceof ClipRef c) {
            return outputsOf(c).toArray();
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
        if (element instanceof ClipOutput o) {
            return o.clip();
        }
        return null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return getChildren(element).length > 0;
    }
}
