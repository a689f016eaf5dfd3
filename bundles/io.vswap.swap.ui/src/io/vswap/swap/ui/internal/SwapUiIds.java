package io.vswap.swap.ui.internal;

/** Ids this bundle declares in plugin.xml. */
public final class SwapUiIds {

    public static final String PLUGIN_ID = "io.vswap.swap.ui";
    public static final String SWAP_EDITOR = "io.vswap.swap.ui.swapEditor";
    public static final String PERSPECTIVE = "io.vswap.swap.ui.perspective";
    public static final String CMD_SWAP_SUBJECT = "io.vswap.swap.ui.swapSubject";
    public static final String CMD_NEW_SWAP = "io.vswap.swap.ui.newSwap";
    /** The Swap editor history's context menu, where other bundles add commands on a render (Evaluate). */
    public static final String HISTORY_MENU = "io.vswap.swap.ui.history";

    private SwapUiIds() {
    }
}
