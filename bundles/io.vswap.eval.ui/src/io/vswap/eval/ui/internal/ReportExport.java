package io.vswap.eval.ui.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Shell;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Evaluator;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.StudioJob;

/**
 * Export Report: the Evaluator's report (evaluation.json, .csv and .html) of what a part shows, into
 * a folder the user picks. Nothing is opened afterwards; the part's message area says where it went.
 */
public final class ReportExport {

    /** The names of the files written, in the folder picked. */
    public static final List<String> FILES = List.of("evaluation.html", "evaluation.csv", "evaluation.json");

    private ReportExport() {
    }

    /** Asks for a folder (starting at {@code suggested}); null when the user cancels. */
    public static Path askFolder(Shell shell, Path suggested) {
        DirectoryDialog d = new DirectoryDialog(shell, 0);
        d.setText("Export Report");
        d.setMessage("The folder for evaluation.html, evaluation.csv and evaluation.json");
        if (suggested != null) {
            d.setFilterPath(suggested.toString());
        }
        String picked = d.open();
        return picked == null ? null : Path.of(picked);
    }

    /**
     * Writes {@code source}'s report into {@code folder} as a job (call on the UI thread), and says in
     * its message area what was written or why not; returns the job, or null when there is nothing to write.
     */
    public static Job exportTo(ReportSource source, Evaluator evaluator, Path folder) {
        List<Evaluation> evaluations = source.evaluations();
        if (evaluations.isEmpty()) {
            source.messages().show(IStatus.WARNING, "Nothing to export yet: the evaluation has not finished.");
            return null;
        }
        StudioJob job = new StudioJob("Writing the evaluation report to " + folder) {
            {
                failuresShownByCaller();
            }

            @Override
            protected void work(IProgressMonitor monitor) throws Exception {
                evaluator.writeReport(evaluations, folder);
            }
        };
        job.setUser(false);
        job.addJobChangeListener(new DoneOnUiThread(source.messages().control(), event -> {
            IStatus s = event.getResult();
            if (s.isOK()) {
                source.messages().show(IStatus.INFO, "Report written to " + folder + ": " + String.join(", ", FILES));
            } else {
                source.messages().show(IStatus.ERROR, "Could not write the report to " + folder + ": " + s.getMessage(),
                        s.getException());
            }
        }));
        job.schedule();
        return job;
    }
}
