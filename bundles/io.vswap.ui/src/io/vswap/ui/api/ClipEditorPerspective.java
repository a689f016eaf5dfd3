package io.vswap.ui.api;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The layout of a clip editor's perspective (points, swap): the editor gets the middle of the
 * window, the project tree the left, progress (and a place for the player) sits below. A
 * perspective of its own because the VideoSwap perspective gives the editor area's space to the
 * player.
 */
public abstract class ClipEditorPerspective implements IPerspectiveFactory {

    private final String bottomFolderId;
    private final float treeRatio;
    private final float bottomRatio;

    /**
     * @param bottomFolderId the id of the folder below the editor (unique among perspectives)
     * @param treeRatio the project tree's share of the width
     * @param bottomRatio the editor's share of the height above the bottom folder
     */
    protected ClipEditorPerspective(String bottomFolderId, float treeRatio, float bottomRatio) {
        this.bottomFolderId = bottomFolderId;
        this.treeRatio = treeRatio;
        this.bottomRatio = bottomRatio;
    }

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        layout.addView(StudioIds.PROJECT_EXPLORER_VIEW, IPageLayout.LEFT, treeRatio, editorArea);
        layout.addShowViewShortcut(StudioIds.PROJECT_EXPLORER_VIEW);
        addViews(layout);
        IFolderLayout bottom = layout.createFolder(bottomFolderId, IPageLayout.BOTTOM, bottomRatio, editorArea);
        bottom.addView(StudioIds.PROGRESS_VIEW);
        bottom.addPlaceholder(StudioIds.PLAYER_VIEW);
        layout.addShowViewShortcut(StudioIds.PLAYER_VIEW);
        layout.addPerspectiveShortcut(StudioIds.PERSPECTIVE);
    }

    /** The editor's own views and their Show View shortcuts, placed after the project tree; none here. */
    protected void addViews(IPageLayout layout) {
    }
}
