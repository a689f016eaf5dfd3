package io.vswap.install.ui.internal;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.operation.ModalContext;
import org.eclipse.jface.wizard.ProgressMonitorPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;

import io.vswap.install.api.InstallProblem;
import io.vswap.install.api.InstallResult;
import io.vswap.install.api.Installation;
import io.vswap.install.api.SiteFeature;
import io.vswap.install.api.SoftwareInstaller;

/**
 * Install New Software: a site (a web address, a folder or a zipped site; the sites added before
 * are offered again), its features in a checkbox table with each one's description below it, and
 * Install. The work runs off the UI thread with its stage and a stop button in the dialog; a problem
 * is said in words, with p2's report under Details. After installing into the running studio it
 * offers to restart, which is when the new bundles are loaded.
 */
public final class InstallSoftwareDialog extends TitleAreaDialog {

    /** The Install button's id. */
    public static final int INSTALL_ID = IDialogConstants.CLIENT_ID + 1;
    /** The answer of {@link #restartQuestion} that restarts. */
    public static final int RESTART_NOW = 0;
    static final String TITLE = "Install New Software";
    private static final String HINT = "Add an update site (a web address or a folder on this computer), tick the "
            + "features to install, then Install.";

    private Installation into = Installation.running();
    private Combo site;
    private Button browse;
    private Button load;
    private Label intoLabel;
    private Table table;
    private Text description;
    private Label outcome;
    private Button showDetails;
    private Text details;
    private ProgressMonitorPart progress;
    private URI loadedSite;
    private List<SiteFeature> features = List.of();
    private InstallResult lastResult;
    private InstallProblem lastProblem;
    private boolean working;
    private int finishedRuns;

    public InstallSoftwareDialog(Shell parent) {
        super(parent);
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    /** Where to install: the running studio (the default) or a product in another folder. */
    public void installInto(Installation installation) {
        this.into = installation;
        if (intoLabel != null && !intoLabel.isDisposed()) {
            intoLabel.setText(describe(installation));
            intoLabel.getParent().layout(true);
        }
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(TITLE);
        setMessage(HINT);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(4).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        new Label(form, SWT.NONE).setText("&Site:");
        site = new Combo(form, SWT.DROP_DOWN | SWT.BORDER);
        site.setItems(RememberedSites.load().toArray(String[]::new));
        GridDataFactory.fillDefaults().grab(true, false).hint(560, SWT.DEFAULT).applyTo(site);
        site.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_RETURN) {
                // Return in the field reads the site; the dialog would otherwise take it for its default button
                e.detail = SWT.TRAVERSE_NONE;
                e.doit = false;
                site.getDisplay().asyncExec(() -> {
                    if (!site.isDisposed()) {
                        loadSite();
                    }
                });
            }
        });
        site.addListener(SWT.Modify, e -> updateButtons());
        browse = new Button(form, SWT.PUSH);
        browse.setText("&Browse…");
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setText("Update site folder");
            d.setMessage("Choose the folder of an update site (the one that holds content.jar).");
            String f = d.open();
            if (f != null) {
                site.setText(f);
                loadSite();
            }
        });
        load = new Button(form, SWT.PUSH);
        load.setText("&Add");
        load.setToolTipText("Read the site and list its features");
        load.addListener(SWT.Selection, e -> loadSite());

        new Label(form, SWT.NONE).setText("Into:");
        intoLabel = new Label(form, SWT.WRAP);
        intoLabel.setText(describe(into));
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(560, SWT.DEFAULT).applyTo(intoLabel);

        table = new Table(form, SWT.CHECK | SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String c : new String[] { "Feature", "Version", "Id" }) {
            new TableColumn(table, SWT.LEFT).setText(c);
        }
        fitColumns();
        GridDataFactory.fillDefaults().grab(true, true).span(4, 1).hint(SWT.DEFAULT, table.getItemHeight() * 8)
                .applyTo(table);
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK) {
                updateButtons();
            }
            showDescription();
        });

        description = new Text(form, SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL | SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(4, 1).hint(SWT.DEFAULT, description.getLineHeight() * 4)
                .applyTo(description);

        outcome = new Label(form, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(560, SWT.DEFAULT).applyTo(outcome);
        showDetails = new Button(form, SWT.PUSH);
        showDetails.setText("&Details");
        showDetails.setToolTipText("What p2 reported");
        GridDataFactory.swtDefaults().align(SWT.END, SWT.BEGINNING).applyTo(showDetails);
        showDetails.addListener(SWT.Selection, e -> toggleDetails());
        details = new Text(form, SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL | SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(4, 1).hint(SWT.DEFAULT, details.getLineHeight() * 6)
                .exclude(true).applyTo(details);
        details.setVisible(false);
        showDetails.setVisible(false);

        progress = new ProgressMonitorPart(form, new GridLayout(), true);
        GridDataFactory.fillDefaults().grab(true, false).span(4, 1).exclude(true).applyTo(progress);
        progress.attachToCancelComponent(null);
        progress.setVisible(false);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, INSTALL_ID, "&Install", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CLOSE_LABEL, false);
        updateButtons();
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == INSTALL_ID) {
            install();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    @Override
    public boolean close() {
        // closing while p2 writes would leave the user not knowing what happened: Stop first
        return !working && super.close();
    }

    private static String describe(Installation installation) {
        if (!installation.isRunning()) {
            return "the product in " + installation.path().orElseThrow();
        }
        var location = Platform.getInstallLocation();
        return location == null ? "this studio" : "this studio (" + location.getURL().getPath() + ")";
    }

    private void loadSite() {
        if (working) {
            return;
        }
        SoftwareInstaller installer = installer();
        if (installer == null) {
            return;
        }
        String typed = site.getText().strip();
        clearOutcome();
        setMessage("Reading " + typed + "…");
        try {
            URI location = installer.siteLocation(typed);
            AtomicReference<List<SiteFeature>> found = new AtomicReference<>();
            if (!run(m -> found.set(installer.features(location, m)))) {
                return;
            }
            loadedSite = location;
            features = found.get();
            fillTable();
            site.setItems(RememberedSites.remember(typed).toArray(String[]::new));
            site.setText(typed);
            setMessage(features.isEmpty() ? "The site offers no features." : features.size() + " feature"
                    + (features.size() == 1 ? "" : "s") + " on " + typed + ". Tick what to install.");
        } catch (InstallProblem p) {
            showProblem("The site could not be read.", p);
        }
    }

    private void fillTable() {
        table.removeAll();
        for (SiteFeature f : features) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { f.name(), f.version(), f.featureId() });
            item.setData(f);
        }
        if (!features.isEmpty()) {
            table.setSelection(0);
            table.setFocus(); // the next thing to do is to tick; the caret is of no use in the read-only description
        }
        fitColumns();
        showDescription();
        updateButtons();
    }

    /** Each column as wide as its widest text; the name column gives way if they do not all fit. */
    private void fitColumns() {
        TableColumn[] columns = table.getColumns();
        int[] minimum = { 260, 150, 240 };
        int total = 0;
        for (int i = 0; i < columns.length; i++) {
            columns[i].pack();
            columns[i].setWidth(Math.max(columns[i].getWidth(), minimum[i]));
            total += columns[i].getWidth();
        }
        int room = table.getClientArea().width;
        if (room > 0 && total > room) {
            columns[0].setWidth(Math.max(minimum[0], columns[0].getWidth() - (total - room)));
        }
    }

    private void showDescription() {
        int i = table.getSelectionIndex();
        if (i < 0) {
            description.setText("");
            return;
        }
        SiteFeature f = (SiteFeature) table.getItem(i).getData();
        String text = f.description().isEmpty() ? "(no description)" : f.description();
        description.setText(text + (f.provider().isEmpty() ? "" : "\nProvided by " + f.provider() + "."));
    }

    private void install() {
        SoftwareInstaller installer = installer();
        List<SiteFeature> chosen = checked();
        if (installer == null || chosen.isEmpty() || loadedSite == null) {
            return;
        }
        clearOutcome();
        AtomicReference<InstallResult> result = new AtomicReference<>();
        URI from = loadedSite;
        Installation target = into;
        setMessage("Installing " + String.join(", ", chosen.stream().map(SiteFeature::name).toList()) + "…");
        try {
            if (!run(m -> result.set(installer.install(from, chosen.stream().map(SiteFeature::id).toList(), target, m)))) {
                return;
            }
        } catch (InstallProblem p) {
            showProblem("Nothing was installed.", p);
            return;
        }
        lastResult = result.get();
        String names = String.join(", ", lastResult.installed().stream().map(SiteFeature::name).toList());
        String seconds = String.format(Locale.ROOT, "%.1f", lastResult.millis() / 1000.0);
        setMessage("Installed " + names + ".", IMessageProvider.INFORMATION);
        outcome.setText("Installed " + names + " into " + describe(target) + " in " + seconds + " s. "
                + (lastResult.restartNeeded() ? "The studio uses it after a restart."
                        : "That installation uses it the next time it starts."));
        // installed: no longer ticked, so Install is not offered again for the same features
        for (TableItem item : table.getItems()) {
            item.setChecked(false);
        }
        updateButtons();
        relayout();
        if (lastResult.restartNeeded() && restartQuestion(getShell(), names).open() == RESTART_NOW) {
            close();
            PlatformUI.getWorkbench().restart();
        }
    }

    /** "Restart now?" after installing into the running studio: Restart Now (the default) or Later. */
    public static MessageDialog restartQuestion(Shell parent, String installed) {
        return new MessageDialog(parent, TITLE, null, "Installed " + installed + ". The studio loads the new bundles "
                + "when it starts again. Restart now?", MessageDialog.QUESTION, RESTART_NOW, "&Restart Now", "&Later");
    }

    /** Work that reports to the dialog's progress part and may throw an InstallProblem. */
    @FunctionalInterface
    interface Work {
        void run(IProgressMonitor monitor) throws InstallProblem;
    }

    /**
     * Runs {@code work} in a modal context thread (the dialog repaints, Stop works); false when it was
     * stopped.
     */
    private boolean run(Work work) throws InstallProblem {
        AtomicReference<InstallProblem> problem = new AtomicReference<>();
        setWorking(true);
        try {
            ModalContext.run(m -> {
                try {
                    work.run(m);
                } catch (InstallProblem p) {
                    problem.set(p);
                } finally {
                    m.done();
                }
            }, true, progress, getShell().getDisplay());
        } catch (InterruptedException | OperationCanceledException e) {
            setMessage("Stopped: nothing was changed.", IMessageProvider.WARNING);
            return false;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OperationCanceledException) {
                setMessage("Stopped: nothing was changed.", IMessageProvider.WARNING);
                return false;
            }
            throw new InstallProblem("Something unexpected went wrong: " + cause, stackOf(cause), cause);
        } finally {
            if (!getShell().isDisposed()) {
                setWorking(false);
            }
            finishedRuns++;
        }
        if (problem.get() != null) {
            throw problem.get();
        }
        return true;
    }

    private void setWorking(boolean on) {
        working = on;
        progress.setVisible(on);
        ((GridData) progress.getLayoutData()).exclude = !on;
        relayout();
        for (Control c : new Control[] { site, browse, load, table }) {
            c.setEnabled(!on);
        }
        Button close = getButton(IDialogConstants.CANCEL_ID);
        if (close != null) {
            close.setEnabled(!on);
        }
        updateButtons();
    }

    private List<SiteFeature> checked() {
        List<SiteFeature> out = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            if (item.getChecked()) {
                out.add((SiteFeature) item.getData());
            }
        }
        return out;
    }

    private void updateButtons() {
        Button install = getButton(INSTALL_ID);
        if (install != null && table != null) {
            install.setEnabled(!working && loadedSite != null && Arrays.stream(table.getItems()).anyMatch(TableItem::getChecked));
        }
        if (load != null) {
            load.setEnabled(!working && !site.getText().isBlank());
        }
    }

    private void showProblem(String headline, InstallProblem p) {
        lastProblem = p;
        setErrorMessage(headline);
        outcome.setText(p.getMessage());
        details.setText(p.details());
        showDetails.setVisible(!p.details().isBlank());
        relayout();
    }

    private void clearOutcome() {
        lastProblem = null;
        setErrorMessage(null);
        outcome.setText("");
        details.setText("");
        showDetails.setVisible(false);
        setDetailsShown(false);
    }

    private void toggleDetails() {
        setDetailsShown(!details.getVisible());
    }

    private void setDetailsShown(boolean shown) {
        details.setVisible(shown);
        ((GridData) details.getLayoutData()).exclude = !shown;
        showDetails.setText(shown ? "Hide &Details" : "&Details");
        relayout();
    }

    private void relayout() {
        Shell shell = getShell();
        outcome.getParent().layout(true, true);
        // grow to fit a longer message or the details, never past the screen
        var wanted = shell.computeSize(shell.getSize().x, SWT.DEFAULT);
        var screen = shell.getMonitor().getClientArea();
        if (wanted.y > shell.getSize().y) {
            shell.setSize(shell.getSize().x, Math.min(wanted.y, screen.height));
        }
    }

    private SoftwareInstaller installer() {
        SoftwareInstaller installer = PlatformUI.getWorkbench().getService(SoftwareInstaller.class);
        if (installer == null) {
            showProblem("The installer is not available.", new InstallProblem("The installer is not running: the bundle "
                    + "io.vswap.install, or Declarative Services, did not start. See the error log.", ""));
        }
        return installer;
    }

    private static String stackOf(Throwable t) {
        var out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    // For tests (and a screenshot's reader): the widgets and what happened last.

    public Combo siteField() {
        return site;
    }

    public Button loadButton() {
        return load;
    }

    public Table featureTable() {
        return table;
    }

    public Text descriptionText() {
        return description;
    }

    public Label outcomeLabel() {
        return outcome;
    }

    public Button detailsButton() {
        return showDetails;
    }

    public Text detailsText() {
        return details;
    }

    public ProgressMonitorPart progressPart() {
        return progress;
    }

    public boolean isWorking() {
        return working;
    }

    /** How many loads and installs have ended (done, stopped or failed). */
    public int finishedRuns() {
        return finishedRuns;
    }

    public InstallResult lastResult() {
        return lastResult;
    }

    public InstallProblem lastProblem() {
        return lastProblem;
    }
}
