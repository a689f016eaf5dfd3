package io.vswap.swap.ui.internal.editor;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * The Swap editor's message row above the form and the player: what the editor is doing or
 * what stops it, with the icon of its severity (an error also in red).
 */
final class MessageArea {

    private final Label icon;
    private final Label text;
    private int severity = IStatus.OK;

    MessageArea(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 4).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        icon = new Label(row, SWT.NONE);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(16, 16).applyTo(icon);
        text = new Label(row, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(text);
    }

    /** Shows {@code message} with the icon of {@code level} ({@link IStatus} severities). */
    void show(int level, String message) {
        if (text.isDisposed()) {
            return;
        }
        severity = level;
        icon.setImage(JFaceResources.getImage(level == IStatus.ERROR ? Dialog.DLG_IMG_MESSAGE_ERROR
                : level == IStatus.WARNING ? Dialog.DLG_IMG_MESSAGE_WARNING : Dialog.DLG_IMG_MESSAGE_INFO));
        Color c = level == IStatus.ERROR ? text.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null;
        text.setForeground(c);
        text.setText(message == null ? "" : message);
        text.requestLayout();
    }

    String text() {
        return text.getText();
    }

    /** The label the message is shown in (for its display, and whether the editor is gone). */
    Label control() {
        return text;
    }

    int severity() {
        return severity;
    }
}
