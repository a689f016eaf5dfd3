package io.vswap.points.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;

import io.vswap.points.api.PointEdit;
import io.vswap.points.ui.internal.editor.FrameView.Tool;
import io.vswap.points.ui.internal.editor.PointDocument.Mode;

/**
 * The point editor's row above the frame: the Select and Add tools, Track, the selected point's
 * commands, Fit; the mode (place and track, or an edit's remove and drag), the edit the edit
 * modes change, and Reset Drag.
 */
final class PointToolBar {

    private final PointDocument document;
    private final ToolItem selectTool, addTool;
    private final Combo modeChoice, editChoice;

    PointToolBar(Composite parent, PointEditor editor, PointDocument document) {
        this.document = document;
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).margins(4, 2).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        ToolBar tools = new ToolBar(row, SWT.FLAT | SWT.RIGHT);
        selectTool = item(tools, SWT.RADIO, "Select/Move", "Select points and drag them (V)",
                () -> editor.setTool(Tool.SELECT));
        selectTool.setSelection(true);
        addTool = item(tools, SWT.RADIO, "Add Point", "Click on the frame to add a named point (A)",
                () -> editor.setTool(Tool.ADD));
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Track", "Track every point through the clip (Ctrl+T)", editor::track);
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Rename…", "Rename the selected point (F2)", editor::renameSelected);
        item(tools, SWT.PUSH, "Colour…", "Change the selected point's colour", editor::recolourSelected);
        item(tools, SWT.PUSH, "Hidden Here",
                "Mark the selected point hidden on this frame (kept through re-tracks), or clear the mark (H)",
                editor::toggleHiddenHere);
        item(tools, SWT.PUSH, "Delete", "Delete the selected point (Del)", editor::deleteSelected);
        new ToolItem(tools, SWT.SEPARATOR);
        item(tools, SWT.PUSH, "Fit", "Fit the frame in the view (F)", () -> editor.frameView().fit());

        new Label(row, SWT.NONE).setText("Mode:");
        modeChoice = new Combo(row, SWT.READ_ONLY);
        for (Mode m : Mode.values()) {
            modeChoice.add(m.label);
        }
        modeChoice.select(0);
        modeChoice.addListener(SWT.Selection, e -> document.setMode(Mode.values()[modeChoice.getSelectionIndex()]));
        new Label(row, SWT.NONE).setText("Edit:");
        editChoice = new Combo(row, SWT.DROP_DOWN);
        GridDataFactory.swtDefaults().hint(120, SWT.DEFAULT).applyTo(editChoice);
        editChoice.setToolTipText("The edit whose removed and dragged points the edit modes change (type a new name)");
        editChoice.addListener(SWT.Selection, e -> document.setEditName(editChoice.getText()));
        editChoice.addListener(SWT.DefaultSelection, e -> document.setEditName(editChoice.getText()));
        ToolBar editTools = new ToolBar(row, SWT.FLAT | SWT.RIGHT);
        item(editTools, SWT.PUSH, "Reset Drag", "Undo the current edit's drag of the selected point",
                editor::resetDragOfSelected);
    }

    private static ToolItem item(ToolBar bar, int style, String text, String tooltip, Runnable action) {
        ToolItem item = new ToolItem(bar, style);
        item.setText(text);
        item.setToolTipText(tooltip);
        item.addListener(SWT.Selection, e -> {
            if (style != SWT.RADIO || item.getSelection()) {
                action.run();
            }
        });
        return item;
    }

    /** Shows {@code tool} as the chosen one. */
    void showTool(Tool tool) {
        selectTool.setSelection(tool == Tool.SELECT);
        addTool.setSelection(tool == Tool.ADD);
    }

    /** Shows the document's mode. */
    void showMode() {
        modeChoice.select(document.mode().ordinal());
    }

    /** Lists the saved edits and the current one (new until saved), and shows the current one. */
    void refreshEditChoice() {
        List<String> names = new ArrayList<>(document.points().edits().stream().map(PointEdit::name).toList());
        if (!names.contains(document.editName())) {
            names.add(document.editName());
        }
        if (!List.of(editChoice.getItems()).equals(names)) {
            editChoice.setItems(names.toArray(String[]::new));
        }
        editChoice.setText(document.editName());
    }

    Combo modeChoice() {
        return modeChoice;
    }
}
