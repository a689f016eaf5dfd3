package io.vswap.points.ui.internal;

/** Identifiers declared in this bundle's plugin.xml, for code that opens or finds them. */
public final class PointsUiIds {

    public static final String PLUGIN_ID = "io.vswap.points.ui";
    public static final String POINT_EDITOR = "io.vswap.points.ui.pointEditor";
    public static final String POINTS_TABLE_VIEW = "io.vswap.points.ui.pointsTable";
    public static final String PERSPECTIVE = "io.vswap.points.ui.perspective";
    public static final String CMD_EDIT_POINTS = "io.vswap.points.ui.editPoints";
    public static final String CMD_TRACK = "io.vswap.points.ui.track";

    private PointsUiIds() {
    }
}
