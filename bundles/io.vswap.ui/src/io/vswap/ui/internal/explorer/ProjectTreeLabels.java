package io.vswap.ui.internal.explorer;

import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.resource.ResourceManager;

import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ShotNode;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;

final class ProjectTreeLabels extends LabelProvider {

    @Override
    public String getText(Object element) {
        if (element instanceof Project p) {
            return p.name() + "  [" + p.folder() + "]";
        }
        if (element instanceof ShotNode n) {
            var probe = n.shot().probe();
            return n.shot().name() + "  (" + probe.width() + "×" + probe.height() + ", " + probe.frameCount()
                    + " frames)";
        }
        if (element instanceof ClipRef c) {
            ClipSettings s = c.clip().settings();
            return String.format("%s  (frames %d–%d, stride %d, %d×%d)", c.clip().name(), s.startFrame(),
                    s.lastSourceFrame(), s.stride(), s.outputWidth(), s.outputHeight());
        }
        if (element instanceof ClipOutput o) {
            return o.label();
        }
        return String.valueOf(element);
    }

    /** The bundle's own icons (SVG, drawn at the display's scale), disposed with the label provider. */
    private final ResourceManager icons = new LocalResourceManager(JFaceResources.getResources());

    @Override
    public Image getImage(Object element) {
        String icon = element instanceof Project ? "project" : element instanceof ShotNode ? "shot"
                : element instanceof ClipRef ? "clip" : element instanceof ClipOutput ? "render" : null;
        return icon == null ? null : icons.create(
                ResourceLocator.imageDescriptorFromBundle(ProjectTreeLabels.class, "icons/" + icon + ".svg").orElseThrow());
    }

    @Override
    public void dispose() {
        icons.dispose();
        super.dispose();
    }
}
