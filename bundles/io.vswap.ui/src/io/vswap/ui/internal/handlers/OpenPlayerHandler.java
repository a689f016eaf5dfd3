package io.vswap.ui.internal.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.ClipHandler;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.StudioIds;
import io.vswap.ui.internal.player.PlayerView;

/** Shows the selected clip in the player (enabled only when a clip is selected, see plugin.xml). */
public class OpenPlayerHandler extends ClipHandler {

    @Override
    protected Object execute(ExecutionEvent event, ClipRef clip) throws ExecutionException {
        try {
            PlayerView player = (PlayerView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
                    .showView(StudioIds.PLAYER_VIEW);
            player.show(clip);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the player", e);
        }
        return null;
    }
}
