package io.vswap.points.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.points.ui.internal.editor.PointEditor;

/** Tracks the active point editor's points (active only while a point editor is, see plugin.xml). */
public class TrackHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (HandlerUtil.getActiveEditor(event) instanceof PointEditor editor) {
            return editor.track();
        }
        return null;
    }
}
