package io.vswap.points.ui.internal;

import org.eclipse.ui.IPageLayout;

import io.vswap.ui.api.ClipEditorPerspective;
import io.vswap.ui.api.StudioIds;

/** Point annotation: the project tree and the Points table share the left. */
public class PointsPerspective extends ClipEditorPerspective {

    public PointsPerspective() {
        super("io.vswap.points.ui.bottom", 0.2f, 0.82f);
    }

    @Override
    protected void addViews(IPageLayout layout) {
        layout.addView(PointsUiIds.POINTS_TABLE_VIEW, IPageLayout.BOTTOM, 0.45f, StudioIds.PROJECT_EXPLORER_VIEW);
        layout.addShowViewShortcut(PointsUiIds.POINTS_TABLE_VIEW);
    }
}
