package io.vswap.eval.ui.internal.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyReports;
import io.vswap.eval.study.api.StudyResults;
import io.vswap.eval.study.api.StudyResults.Row;
import io.vswap.ui.api.MessageArea;

/**
 * A preference study's results (Evaluation › Study Results…), in the paper's table shape: a row per
 * pair of variants compared, a column per question, each cell the share preferring the row's
 * variant with its 95 % Wilson interval, the sign test's p and the counts; the raters' agreement
 * under it; the shares as a chart. Answers files sent back from the web page are imported here
 * (each checked; a damaged one refused by name, the others kept), and the results exported as the
 * {@code study-results} job writes them.
 */
public final class StudyResultsView extends ViewPart {

    private Composite top;
    private Label title;
    private Label raters;
    private MessageArea messages;
    private Table table;
    private PreferenceChart chart;
    private Button importAnswers;
    private Button export;
    private Button refresh;
    private StudyFolder folder;
    private StudyResults results;

    @Override
    public void createPartControl(Composite parent) {
        top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).spacing(4, 4).applyTo(top);
        Composite heading = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(4).applyTo(heading);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(heading);
        title = new Label(heading, SWT.NONE);
        title.setFont(JFaceResources.getBannerFont());
        title.setText("No study open");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        importAnswers = button(heading, "Import Answers…", "Take in answers files raters sent back from the "
                + "study's web page (each is checked; one per rater)");
        importAnswers.addListener(SWT.Selection, e -> askImport());
        export = button(heading, "Export Results…", "Write the results (HTML, Markdown, CSV, JSON) into a folder");
        export.addListener(SWT.Selection, e -> askExport());
        refresh = button(heading, "Refresh", "Read the study's answers folder again");
        refresh.addListener(SWT.Selection, e -> refresh());
        raters = new Label(top, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(raters);
        messages = new MessageArea(top);
        messages.show(IStatus.INFO, "Choose Evaluation › Study Results… and pick the study's folder.");

        SashForm body = new SashForm(top, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        table = new Table(body, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        chart = new PreferenceChart(body);
        body.setWeights(40, 60);
        setEnabled(false);
    }

    private static Button button(Composite parent, String text, String tip) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        return b;
    }

    private void setEnabled(boolean on) {
        importAnswers.setEnabled(on);
        export.setEnabled(on);
        refresh.setEnabled(on);
    }

    /** Shows the results of the study in {@code studyFolder}, from its answers folder as it is now. */
    public void open(StudyFolder studyFolder) {
        folder = studyFolder;
        title.setText(studyFolder.study().title());
        title.requestLayout();
        setEnabled(true);
        refresh();
    }

    /** Reads the answers folder again and shows what it gives. */
    public void refresh() {
        if (folder == null) {
            return;
        }
        try {
            results = StudyResults.of(folder.study(), folder.answers());
        } catch (IOException e) {
            messages.show(IStatus.ERROR, "Cannot read the study's answers in " + folder.answersFolder() + ": "
                    + e.getMessage(), e);
            return;
        }
        raters.setText(results.raters().isEmpty() ? "No answers yet: raters' files go in " + folder.answersFolder()
                + " (a workbench rater's are saved there; import those sent back from the web page)."
                : results.raters().size() + " rater" + (results.raters().size() == 1 ? "" : "s") + ": "
                        + String.join(", ", results.raters()) + ". " + StudyReports.NOTE);
        raters.requestLayout();
        if (results.refused().isEmpty()) {
            messages.show(IStatus.INFO, "Answers read from " + folder.answersFolder() + ".");
        } else {
            messages.show(IStatus.WARNING, results.refused().size() + " answers file" + (results.refused().size() == 1
                    ? " is" : "s are") + " left out (the other raters' answers count): " + String.join("; ",
                            results.refused()));
        }
        fillTable();
        chart.show(results);
    }

    private void fillTable() {
        table.setRedraw(false);
        table.removeAll();
        for (TableColumn c : table.getColumns()) {
            c.dispose();
        }
        new TableColumn(table, SWT.LEFT).setText("Compared");
        for (Criterion c : results.criteria()) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText(c.name());
            column.setToolTipText(c.question());
        }
        for (Row row : results.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.variant() + " vs. " + row.against()));
            row.cells().forEach(c -> cells.add(StudyReports.cellText(c)));
            new TableItem(table, SWT.NONE).setText(cells.toArray(String[]::new));
        }
        List<String> agreement = new ArrayList<>(List.of("Agreement between raters"));
        results.criteria().forEach(c -> agreement.add(StudyReports.agreementText(results.agreement().get(c.id()))));
        new TableItem(table, SWT.NONE).setText(agreement.toArray(String[]::new));
        for (TableColumn c : table.getColumns()) {
            c.pack();
        }
        table.setRedraw(true);
    }

    private void askImport() {
        FileDialog dialog = new FileDialog(top.getShell(), SWT.OPEN | SWT.MULTI);
        dialog.setText("Import Answers");
        dialog.setFilterExtensions(new String[] { "*.json", "*" });
        dialog.setFilterNames(new String[] { "Answers files (*.json)", "All files" });
        if (dialog.open() == null) {
            return;
        }
        List<Path> files = new ArrayList<>();
        for (String name : dialog.getFileNames()) {
            files.add(Path.of(dialog.getFilterPath(), name));
        }
        importAnswers(files);
    }

    /**
     * Imports raters' answers files into the study (each checked on its own), then shows the results
     * with them; says which were taken in and which refused, and why.
     */
    public void importAnswers(List<Path> files) {
        List<String> taken = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            try {
                taken.add(folder.importAnswers(f).getFileName().toString());
            } catch (StudyFileException e) {
                refused.add(e.getMessage());
            } catch (IOException e) {
                refused.add(f + " could not be saved into the study: " + e.getMessage());
            }
        }
        refresh();
        String done = taken.isEmpty() ? "" : "Imported " + taken.size() + " answers file" + (taken.size() == 1 ? "" : "s")
                + " (" + String.join(", ", taken) + "). ";
        if (refused.isEmpty()) {
            messages.show(IStatus.INFO, done + "The results include them.");
        } else {
            messages.show(IStatus.WARNING, done + "Not imported: " + String.join("; ", refused));
        }
    }

    private void askExport() {
        DirectoryDialog dialog = new DirectoryDialog(top.getShell());
        dialog.setText("Export Results");
        dialog.setMessage("The folder to write results.html, results.md, results.csv and results.json into");
        dialog.setFilterPath(folder.folder().toString());
        String chosen = dialog.open();
        if (chosen != null) {
            exportResults(Path.of(chosen));
        }
    }

    /** Writes the results shown into {@code target} (each file atomically). */
    public void exportResults(Path target) {
        try {
            StudyReports.write(target, results);
            messages.show(IStatus.INFO, "Results written to " + target + ": " + String.join(", ", StudyReports.FILES)
                    + ".");
        } catch (IOException e) {
            messages.show(IStatus.ERROR, "Could not write the results into " + target + ": " + e.getMessage()
                    + ". Files already there are as they were.", e);
        }
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    // ---- for tests ----

    public Composite control() {
        return top;
    }

    public StudyResults results() {
        return results;
    }

    public Table table() {
        return table;
    }

    public MessageArea messageArea() {
        return messages;
    }

    /** The chart's bar for {@code series} ("a vs. b") and question name, in percent; null when none. */
    public Number chartValue(String series, String question) {
        return chart.value(series, question);
    }
}
