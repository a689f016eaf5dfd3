package io.vswap.ui.api;

/** Identifiers declared in this bundle's plugin.xml, for code that opens or finds them. */
public final class StudioIds {

    public static final String PLUGIN_ID = "io.vswap.ui";
    public static final String PERSPECTIVE = "io.vswap.ui.perspective";
    public static final String PROJECT_EXPLORER_VIEW = "io.vswap.ui.projectExplorer";
    public static final String PLAYER_VIEW = "io.vswap.ui.player";
    /** The standard id, so the status line's progress button opens our contribution of the view. */
    public static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";
    public static final String PREFERENCE_PAGE = "io.vswap.ui.preferences";

    public static final String CMD_NEW_PROJECT = "io.vswap.ui.newProject";
    public static final String CMD_OPEN_PROJECT = "io.vswap.ui.openProject";
    public static final String CMD_IMPORT_VIDEO = "io.vswap.ui.importVideo";
    public static final String CMD_OPEN_PLAYER = "io.vswap.ui.openPlayer";
    /** Opens a selected {@link ClipOutput}: defined here, handled by the bundle that lists that kind. */
    public static final String CMD_OPEN_OUTPUT = "io.vswap.ui.openOutput";
    public static final String CMD_EXPORT_OUTPUT = "io.vswap.ui.exportOutput";
    public static final String CMD_REVEAL_OUTPUT = "io.vswap.ui.revealOutput";
    public static final String CMD_DELETE_OUTPUT = "io.vswap.ui.deleteOutput";

    private StudioIds() {
    }
}
