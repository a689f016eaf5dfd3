package io.vswap.swap.ui.internal.editor;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;

import io.vswap.swap.ui.internal.SwapRenderOutputs;
import io.vswap.ui.api.ClipRef;

/**
 * The edit selected in the Swap editor's history as the Project Explorer has it (a
 * {@link io.vswap.ui.api.ClipOutput}), so that commands on a render from other bundles (Evaluate)
 * work on the editor's result as they do in the explorer.
 */
final class HistorySelection implements ISelectionProvider {

    private final HistoryPanel history;
    private final ClipRef clip;
    private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();

    HistorySelection(HistoryPanel history, ClipRef clip) {
        this.history = history;
        this.clip = clip;
        history.onSelect(r -> changed());
    }

    private void changed() {
        SelectionChangedEvent event = new SelectionChangedEvent(this, getSelection());
        for (ISelectionChangedListener l : listeners) {
            l.selectionChanged(event);
        }
    }

    @Override
    public ISelection getSelection() {
        return history.selected().map(r -> (ISelection) new StructuredSelection(SwapRenderOutputs.output(clip, r)))
                .orElse(StructuredSelection.EMPTY);
    }

    @Override
    public void setSelection(ISelection selection) {
        // chosen in the table, by the user or the editor (HistoryPanel.select)
    }

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.remove(listener);
    }
}
