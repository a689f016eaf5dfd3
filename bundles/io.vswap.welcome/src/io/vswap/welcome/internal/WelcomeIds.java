package io.vswap.welcome.internal;

/** Identifiers declared in this bundle's plugin.xml, and the commands of other bundles the page runs. */
public final class WelcomeIds {

    public static final String PLUGIN_ID = "io.vswap.welcome";
    public static final String VIEW = "io.vswap.welcome.view";
    public static final String CMD_SHOW = "io.vswap.welcome.show";
    public static final String CMD_OPEN_SAMPLE = "io.vswap.welcome.openSampleProject";

    // the first swap's steps, by id only: a step whose bundle is not installed shows a disabled button
    static final String CMD_NEW_PROJECT = "io.vswap.ui.newProject";
    static final String CMD_OPEN_PROJECT = "io.vswap.ui.openProject";
    static final String CMD_IMPORT_VIDEO = "io.vswap.ui.importVideo";
    static final String CMD_EDIT_POINTS = "io.vswap.points.ui.editPoints";
    static final String CMD_TRACK_POINTS = "io.vswap.points.ui.track";
    static final String CMD_SWAP_SUBJECT = "io.vswap.swap.ui.swapSubject";

    private WelcomeIds() {
    }
}
