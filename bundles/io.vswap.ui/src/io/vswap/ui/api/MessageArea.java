package io.vswap.ui.api;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;

/**
 * An editor's or view's message row (the Swap editor's above its form, the Evaluation view's): what
 * the part is doing or what stops it, in words, with the icon of its severity (an error also in
 * red); for a failure that has one, a Details link opens the technical detail (the causes and where
 * they came from) for a bug report, kept out of the sentence.
 */
public final class MessageArea {

    private final Label icon;
    private final Label text;
    private final Link details;
    private Throwable detail;
    private int severity = IStatus.OK;

    public MessageArea(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(6, 4).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        icon = new Label(row, SWT.NONE);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(16, 16).applyTo(icon);
        text = new Label(row, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(text);
        details = new Link(row, SWT.NONE);
        details.setText("<a>Details</a>");
        details.setToolTipText("What failed where, for a bug report");
        details.addListener(SWT.Selection, e -> openDetails());
        GridDataFactory.swtDefaults().align(SWT.END, SWT.BEGINNING).applyTo(details);
        showDetails(false);
    }

    /** Shows {@code message} with a Details link to {@code cause}'s chain (none when null). */
    public void show(int level, String message, Throwable cause) {
        show(level, message);
        if (!text.isDisposed()) {
            detail = cause;
            showDetails(cause != null);
        }
    }

    private void showDetails(boolean shown) {
        details.setVisible(shown);
        ((org.eclipse.swt.layout.GridData) details.getLayoutData()).exclude = !shown;
        details.requestLayout();
    }

    /** The detail as the workbench's error dialog shows it: the message, then each cause with its trace. */
    private void openDetails() {
        if (detail == null) {
            return;
        }
        MultiStatus all = new MultiStatus(StudioIds.PLUGIN_ID, 0, text.getText(), detail);
        for (Throwable t = detail; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.add(new Status(IStatus.ERROR, StudioIds.PLUGIN_ID, t.getClass().getName() + ": " + t.getMessage()));
            for (StackTraceElement e : t.getStackTrace()) {
                all.add(new Status(IStatus.INFO, StudioIds.PLUGIN_ID, "    at " + e));
            }
        }
        ErrorDialog.openError(text.getShell(), "Details", null, all);
    }

    /** Whether a Details link is shown (for tests). */
    public boolean hasDetails() {
        return details.isVisible();
    }

    /** Shows {@code message} with the icon of {@code level} ({@link IStatus} severities). */
    public void show(int level, String message) {
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
        detail = null;
        showDetails(false);
    }

    public String text() {
        return text.getText();
    }

    /** The label the message is shown in (for its display, and whether the editor is gone). */
    public Label control() {
        return text;
    }

    public int severity() {
        return severity;
    }
}
