package io.vswap.points.ui.internal.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.points.ui.internal.PointsUiIds;
import io.vswap.points.ui.internal.editor.PointEditor;
import io.vswap.points.ui.internal.editor.PointEditorInput;
import io.vswap.ui.api.ClipEditor;
import io.vswap.ui.api.ClipHandler;
import io.vswap.ui.api.ClipRef;

/** Opens the selected clip in the point editor, in the Points perspective (enabled on a clip, see plugin.xml). */
public class EditPointsHandler extends ClipHandler {

    @Override
    protected Object execute(ExecutionEvent event, ClipRef clip) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        try {
            return open(window, clip);
        } catch (WorkbenchException e) {
            throw new ExecutionException("Could not open the point editor on " + clip.clip().name(), e);
        }
    }

    /** Shows the Points perspective and the clip's point editor (the one already open, if any). */
    public static PointEditor open(IWorkbenchWindow window, ClipRef clip) throws WorkbenchException {
        return (PointEditor) ClipEditor.openInPerspective(window, PointsUiIds.PERSPECTIVE, new PointEditorInput(clip),
                PointsUiIds.POINT_EDITOR);
    }
}
