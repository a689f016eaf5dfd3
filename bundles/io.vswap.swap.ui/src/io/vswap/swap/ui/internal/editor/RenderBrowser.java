package io.vswap.swap.ui.internal.editor;

import java.io.IOException;
import java.util.List;

import org.eclipse.core.runtime.IStatus;

import io.vswap.swap.api.EditSetting;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ComparePlayer;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.ProjectSession;

/**
 * The clip's edits in the history panel, read from their render records, and the selected
 * edit's render decoded off the UI thread and shown in the player beside the source.
 */
final class RenderBrowser {

    private final ClipRef ref;
    private final ProjectSession session;
    private final HistoryPanel history;
    private final ComparePlayer player;
    private final EditForm form;
    private final MessageArea messages;
    private volatile LoadRenderJob renderJob;
    private RenderRecord shown;

    RenderBrowser(ClipRef ref, ProjectSession session, HistoryPanel history, ComparePlayer player, EditForm form,
            MessageArea messages) {
        this.ref = ref;
        this.session = session;
        this.history = history;
        this.player = player;
        this.form = form;
        this.messages = messages;
        history.onSelect(this::show);
    }

    /** Re-reads the clip's render records; the selected edit stays selected. */
    void refresh() {
        try {
            RenderRecord selected = history.selected().orElse(null);
            // the chosen method's settings tell which recorded values differ from the defaults
            history.setRecords(RenderRecord.list(ref), form.method() == null ? List.<EditSetting>of()
                    : form.settings().settings());
            if (selected != null) {
                history.records().stream().filter(r -> r.file().equals(selected.file())).findFirst()
                        .ifPresent(history::select);
            }
        } catch (IOException e) {
            messages.show(IStatus.ERROR, "The renders folder could not be read: " + e.getMessage());
        }
    }

    /** Re-reads the records and selects (so shows) the edit named {@code editName}. */
    void showWritten(String editName) {
        refresh();
        history.records().stream().filter(r -> editName.equals(r.name())).findFirst().ifPresent(history::select);
    }

    /** Re-reads the records and selects the one whose record is among {@code files}; false when none is. */
    boolean showRecordOf(java.util.Collection<java.nio.file.Path> files) {
        refresh();
        var r = history.records().stream().filter(x -> files.contains(x.file())).findFirst();
        r.ifPresent(history::select);
        return r.isPresent();
    }

    /** Selects the newest edit, if there is one. */
    void selectNewest() {
        if (!history.records().isEmpty()) {
            history.select(history.records().get(0));
        }
    }

    /** Decodes the record's render and shows it beside the source. */
    private void show(RenderRecord r) {
        if (r.equals(shown) && player.resultImages() != null) {
            return;
        }
        shown = r;
        LoadRenderJob previous = renderJob;
        if (previous != null) {
            previous.cancel();
        }
        LoadRenderJob job = new LoadRenderJob(session.codecs(), r);
        renderJob = job;
        job.addJobChangeListener(new DoneOnUiThread(player.sourceView().canvas(), event -> {
            if (renderJob != job) {
                return;
            }
            if (event.getResult().isOK()) {
                player.setResult(job.loaded(), r.name() + ": " + r.target());
            } else if (event.getResult().getSeverity() != IStatus.CANCEL) {
                player.setResult(null, null);
                messages.show(IStatus.ERROR, "The render " + r.video() + " could not be decoded: "
                        + event.getResult().getMessage());
            }
        }));
        job.schedule();
    }

    /** Stops decoding a render (the editor closes). */
    void dispose() {
        LoadRenderJob job = renderJob;
        if (job != null) {
            job.cancel();
        }
    }
}
