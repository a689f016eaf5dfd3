package io.vswap.swap.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.vswap.ui.api.StudioIds;

/**
 * Swapping: the Swap editor gets most of the window (its form, the compare player and the
 * history side by side need the width), the project tree a narrow left column, progress below.
 * A perspective of its own because the VideoSwap perspective gives the editor area's space to the
 * player.
 */
public class SwapPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        layout.addView(StudioIds.PROJECT_EXPLORER_VIEW, IPageLayout.LEFT, 0.14f, editorArea);
        IFolderLayout bottom = layout.createFolder("io.vswap.swap.ui.bottom", IPageLayout.BOTTOM, 0.86f, editorArea);
        bottom.addView(StudioIds.PROGRESS_VIEW);
        bottom.addPlaceholder(StudioIds.PLAYER_VIEW);
        layout.addShowViewShortcut(StudioIds.PROJECT_EXPLORER_VIEW);
        layout.addShowViewShortcut(StudioIds.PLAYER_VIEW);
        layout.addPerspectiveShortcut(StudioIds.PERSPECTIVE);
    }
}
