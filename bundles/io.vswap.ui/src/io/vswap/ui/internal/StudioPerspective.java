package io.vswap.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.vswap.ui.api.StudioIds;

/** The VideoSwap perspective: project tree on the left, the player in the middle, progress below. */
public class StudioPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        // No editors yet: the player is a view, so it gets the editor area's space.
        layout.setEditorAreaVisible(false);
        layout.addView(StudioIds.PROJECT_EXPLORER_VIEW, IPageLayout.LEFT, 0.25f, editorArea);
        layout.addView(StudioIds.PLAYER_VIEW, IPageLayout.RIGHT, 0.25f, editorArea);
        IFolderLayout bottom = layout.createFolder("io.vswap.ui.bottom", IPageLayout.BOTTOM, 0.75f,
                StudioIds.PLAYER_VIEW);
        bottom.addView(StudioIds.PROGRESS_VIEW);
        layout.getViewLayout(StudioIds.PLAYER_VIEW).setCloseable(true);
        layout.addShowViewShortcut(StudioIds.PROJECT_EXPLORER_VIEW);
        layout.addShowViewShortcut(StudioIds.PLAYER_VIEW);
        layout.addShowViewShortcut(StudioIds.PROGRESS_VIEW);
    }
}
