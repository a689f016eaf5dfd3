package io.vswap.points.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.vswap.ui.api.StudioIds;

/**
 * Point annotation: the editor gets the middle of the window, the project tree and the Points
 * table share the left, progress sits below. A perspective of its own because the VideoSwap
 * perspective gives the editor area's space to the player.
 */
public class PointsPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        layout.addView(StudioIds.PROJECT_EXPLORER_VIEW, IPageLayout.LEFT, 0.2f, editorArea);
        layout.addView(PointsUiIds.POINTS_TABLE_VIEW, IPageLayout.BOTTOM, 0.45f, StudioIds.PROJECT_EXPLORER_VIEW);
        IFolderLayout bottom = layout.createFolder("io.vswap.points.ui.bottom", IPageLayout.BOTTOM, 0.82f, editorArea);
        bottom.addView(StudioIds.PROGRESS_VIEW);
        bottom.addPlaceholder(StudioIds.PLAYER_VIEW);
        layout.addShowViewShortcut(StudioIds.PROJECT_EXPLORER_VIEW);
        layout.addShowViewShortcut(PointsUiIds.POINTS_TABLE_VIEW);
        layout.addShowViewShortcut(StudioIds.PLAYER_VIEW);
        layout.addPerspectiveShortcut(StudioIds.PERSPECTIVE);
    }
}
