package io.vswap.ui.internal.explorer;

import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

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

    @Override
    public Image getImage(Object element) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        // Workbench images only: the IDE's project image is not in the product.
        if (element instanceof Project) {
            return images.getImage(ISharedImages.IMG_OBJ_FOLDER);
        }
        if (element instanceof ShotNode) {
            return images.getImage(ISharedImages.IMG_OBJ_FILE);
        }
        if (element instanceof ClipOutput) {
            return images.getImage(ISharedImages.IMG_TOOL_FORWARD);
        }
        return images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
    }
}
