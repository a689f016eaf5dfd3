package io.vswap.eval.ui.internal.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.EditorPart;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Evaluator;
import io.vswap.eval.ui.internal.EvalUiIds;
import io.vswap.eval.ui.internal.EvaluateRendersJob;
import io.vswap.eval.ui.internal.EvaluatedRender;
import io.vswap.eval.ui.internal.ReportSource;
import io.vswap.ui.api.ClipCanvas;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.PlaybackBar;
import io.vswap.ui.api.StudioServices;

/**
 * Two to four renders of one clip beside their source, in step (Project Explorer › Compare Renders):
 * one play button and frame slider for all; side by side with each render's metric rows under its
 * player, an A/B wipe between any two, or where they differ (|A − B| as a heat map).
 */
public final class CompareEditor extends EditorPart implements ReportSource {

    /** How the clips are shown. */
    public enum View {
        SIDE_BY_SIDE("Side by side"), WIPE("A/B wipe"), DIFFERENCE("Difference |A − B|");

        final String label;

        View(String label) {
            this.label = label;
        }
    }

    private MessageArea messages;
    private PlaybackBar bar;
    private Combo viewChoice;
    private Combo aChoice;
    private Combo bChoice;
    private Composite body;
    private StackLayout stack;
    private Composite grid;
    private Composite single;
    private ClipCanvas big;
    private Label abMetrics;
    private final List<ComparePane> panes = new ArrayList<>();
    private List<EvaluatedRender> evaluated = List.of();
    private EvaluateRendersJob job;
    private View view = View.SIDE_BY_SIDE;
    /** The latest difference asked for, and whether it is shown. */
    private int differenceAsked;
    private boolean differenceReady;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof CompareEditorInput)) {
            throw new PartInitException("The Compare editor opens renders picked in the Project Explorer");
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        setTitleToolTip(input.getToolTipText());
    }

    private CompareEditorInput compareInput() {
        return (CompareEditorInput) getEditorInput();
    }

    @Override
    public void createPartControl(Composite parent) {
        Composite top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 4).applyTo(top);
        messages = new MessageArea(top);
        createControls(top);
        body = new Composite(top, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        stack = new StackLayout();
        body.setLayout(stack);
        grid = new Composite(body, SWT.NONE);
        single = new Composite(body, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(single);
        big = new ClipCanvas(single);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(big.canvas());
        abMetrics = new Label(single, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(abMetrics);
        stack.topControl = grid;
        setEnabled(false);
        load();
    }

    private void createControls(Composite top) {
        Composite row = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(10).spacing(6, 2).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        bar = new PlaybackBar(row);
        bar.playButton().setToolTipText("Play every clip in step (loops)");
        bar.slider().setToolTipText("Frame: scrubs every clip");
        bar.onFrame(this::frameShown);
        new Label(row, SWT.NONE).setText("View:");
        viewChoice = new Combo(row, SWT.READ_ONLY);
        for (View v : View.values()) {
            viewChoice.add(v.label);
        }
        viewChoice.select(0);
        viewChoice.addListener(SWT.Selection, e -> setView(View.values()[viewChoice.getSelectionIndex()]));
        new Label(row, SWT.NONE).setText("A:");
        aChoice = new Combo(row, SWT.READ_ONLY);
        aChoice.setToolTipText("The clip left of the wipe, and A of the difference");
        new Label(row, SWT.NONE).setText("B:");
        bChoice = new Combo(row, SWT.READ_ONLY);
        bChoice.setToolTipText("The clip right of the wipe, and B of the difference");
        aChoice.addListener(SWT.Selection, e -> applyView());
        bChoice.addListener(SWT.Selection, e -> applyView());
        Button export = new Button(row, SWT.PUSH);
        export.setText("Export Report…");
        export.setToolTipText("Write the renders' evaluation (HTML page, CSV, JSON) into a folder you choose");
        export.addListener(SWT.Selection, e -> {
            try {
                getSite().getService(IHandlerService.class).executeCommand(EvalUiIds.CMD_EXPORT_REPORT, null);
            } catch (Exception ex) {
                messages.show(IStatus.ERROR, "Could not export the report: " + ex.getMessage(), ex);
            }
        });
    }

    private void setEnabled(boolean on) {
        bar.setEnabled(on);
        for (org.eclipse.swt.widgets.Control c : new org.eclipse.swt.widgets.Control[] { viewChoice, aChoice, bChoice }) {
            c.setEnabled(on);
        }
    }

    /** Reads and evaluates the renders (a job), then fills the players. */
    private void load() {
        Evaluator evaluator = StudioServices.require(getSite(), Evaluator.class);
        messages.show(IStatus.INFO, "Reading and evaluating " + compareInput().renders().size() + " renders…");
        EvaluateRendersJob j = new EvaluateRendersJob(evaluator, compareInput().renders());
        job = j;
        j.addJobChangeListener(new DoneOnUiThread(body, event -> {
            job = null;
            IStatus s = event.getResult();
            if (s.isOK()) {
                show(j.evaluated());
            } else if (s.getSeverity() == IStatus.CANCEL) {
                messages.show(IStatus.WARNING, "Loading the renders was cancelled; close and compare them again.");
            } else {
                messages.show(IStatus.ERROR, "Could not compare the renders: " + s.getMessage(), s.getException());
            }
        }));
        j.schedule();
    }

    private void show(List<EvaluatedRender> renders) {
        Optional<String> mismatch = mismatch(renders);
        if (mismatch.isPresent()) {
            messages.show(IStatus.ERROR, mismatch.get());
            return;
        }
        evaluated = renders;
        int frames = renders.get(0).result().size();
        panes.add(new ComparePane(grid, "Source", renders.get(0).source(),
                "The clip the renders were made from; each render is measured against it.", ""));
        List<Evaluation> all = renders.stream().map(EvaluatedRender::evaluation).toList();
        for (EvaluatedRender r : renders) {
            panes.add(new ComparePane(grid, r.choice().label(), r.result(), MetricRows.of(r.evaluation(), all),
                    MetricRows.why(r.evaluation())));
        }
        int n = panes.size();
        GridLayoutFactory.fillDefaults().numColumns(n == 4 ? 2 : Math.min(n, 3)).equalWidth(true).spacing(4, 6)
                .applyTo(grid);
        panes.forEach(p -> GridDataFactory.fillDefaults().grab(true, true).applyTo(p.control()));
        for (ComparePane p : panes) {
            aChoice.add(p.name());
            bChoice.add(p.name());
        }
        aChoice.select(1);
        bChoice.select(2);
        aChoice.requestLayout(); // as wide as the names just added
        bChoice.requestLayout();
        setEnabled(true);
        List<String> notes = renders.stream().flatMap(r -> r.evaluation().notes().stream()).distinct().toList();
        messages.show(notes.isEmpty() ? IStatus.INFO : IStatus.WARNING, renders.size() + " renders of " + frames
                + " frames, each measured against the source (" + renders.get(0).evaluation().measurements().size()
                + " metrics)." + (notes.isEmpty() ? "" : " " + String.join("; ", notes) + "."));
        grid.layout(true, true);
        applyView();
        bar.setFrames(frames, 0);
    }

    /** Why the loaded renders cannot be shown frame by frame, in words (their records said they could). */
    static Optional<String> mismatch(List<EvaluatedRender> renders) {
        EvaluatedRender first = renders.get(0);
        ImageData f = first.result().get(0);
        for (EvaluatedRender r : renders) {
            ImageData g = r.result().get(0);
            if (r.result().size() != first.result().size() || g.width != f.width || g.height != f.height) {
                return Optional.of("\"" + first.choice().label() + "\" has " + first.result().size() + " frames of "
                        + f.width + "×" + f.height + ", \"" + r.choice().label() + "\" " + r.result().size() + " of "
                        + g.width + "×" + g.height + ": renders are compared frame by frame, at one size.");
            }
        }
        return Optional.empty();
    }

    public void setView(View v) {
        view = v;
        viewChoice.select(v.ordinal());
        applyView();
    }

    /** Shows the grid, the wipe or the difference of the clips chosen as A and B. */
    private void applyView() {
        if (panes.isEmpty()) {
            return;
        }
        ComparePane a = panes.get(Math.max(0, aChoice.getSelectionIndex()));
        ComparePane b = panes.get(Math.max(0, bChoice.getSelectionIndex()));
        switch (view) {
        case SIDE_BY_SIDE -> stack.topControl = grid;
        case WIPE -> {
            big.setImages(a.images());
            big.setWipeImages(b.images());
            big.setCaption("◀ " + a.name(), b.name() + " ▶");
            stack.topControl = single;
        }
        case DIFFERENCE -> {
            big.setWipeImages(null);
            stack.topControl = single;
            showDifference(a, b);
        }
        }
        String legend = view == View.DIFFERENCE ? "Per pixel, the largest channel difference: black where A and B agree, "
                + "through purple and red to pale yellow at " + DifferenceMap.FULL_SCALE + " of 255 levels or more.\n"
                : "";
        abMetrics.setText(legend + "A — " + a.name() + ":  " + a.metrics().getText().replace("\n", " · ") + "\nB — "
                + b.name() + ":  " + b.metrics().getText().replace("\n", " · "));
        body.layout(true, true);
        big.setFrame(bar.frame());
    }

    /**
     * Works out |A − B| of every frame in a job (a clip of large frames takes a while) and shows it
     * when done, unless the view or the clips changed meanwhile; A is shown until then, said so.
     */
    private void showDifference(ComparePane a, ComparePane b) {
        int asked = ++differenceAsked;
        differenceReady = false;
        big.setImages(a.images());
        big.setCaption("|A − B|: " + a.name() + " against " + b.name() + " — working it out (A shown)", "");
        List<ImageData> ia = a.images(), ib = b.images();
        String caption = "|A − B|: " + a.name() + " against " + b.name();
        org.eclipse.swt.widgets.Display display = body.getDisplay();
        Job working = Job.create("Comparing " + a.name() + " with " + b.name(), monitor -> {
            List<ImageData> diff;
            String problem = null;
            try {
                diff = DifferenceMap.of(ia, ib);
            } catch (IllegalArgumentException e) {
                diff = null;
                problem = e.getMessage();
            }
            List<ImageData> shown = diff;
            String failed = problem;
            display.asyncExec(() -> {
                if (body.isDisposed() || asked != differenceAsked || view != View.DIFFERENCE) {
                    return;
                }
                if (shown == null) {
                    big.setCaption("|A − B|: " + failed, "");
                } else {
                    big.setImages(shown);
                    big.setCaption(caption, "");
                    big.setFrame(bar.frame());
                }
                differenceReady = true;
            });
            return Status.OK_STATUS;
        });
        working.setSystem(true);
        working.schedule();
    }

    /** Whether the difference view shows the difference of the clips chosen (it is worked out in a job). */
    public boolean differenceShown() {
        return view == View.DIFFERENCE && differenceReady;
    }

    /** Shows {@code f} in every player. */
    public void setFrame(int f) {
        bar.setFrame(f);
    }

    private void frameShown(int f) {
        panes.forEach(p -> p.canvas().setFrame(f));
        big.setFrame(f);
    }

    public void setPlaying(boolean on) {
        bar.setPlaying(on);
    }

    @Override
    public void setFocus() {
        bar.slider().setFocus();
    }

    @Override
    public void dispose() {
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }

    // ---- the report ----

    @Override
    public List<Evaluation> evaluations() {
        return evaluated.stream().map(EvaluatedRender::evaluation).toList();
    }

    @Override
    public Path suggestedFolder() {
        return compareInput().renders().get(0).record().getParent();
    }

    @Override
    public MessageArea messages() {
        return messages;
    }

    // ---- an editor with nothing to save ----

    @Override
    public void doSave(IProgressMonitor monitor) {
    }

    @Override
    public void doSaveAs() {
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    // ---- for tests ----

    public boolean isLoaded() {
        return !panes.isEmpty();
    }

    public int frame() {
        return bar.frame();
    }

    public boolean isPlaying() {
        return bar.isPlaying();
    }

    public View view() {
        return view;
    }

    public Combo viewChoice() {
        return viewChoice;
    }

    public Scale slider() {
        return bar.slider();
    }

    public Button playButton() {
        return bar.playButton();
    }

    /** Chooses the panes (0: the source, 1…: the renders) that A and B are. */
    public void chooseAB(int a, int b) {
        aChoice.select(a);
        bChoice.select(b);
        applyView();
    }

    /** The players of the side-by-side view (source first), and the one of the wipe and the difference. */
    public List<ClipCanvas> paneCanvases() {
        return panes.stream().map(ComparePane::canvas).toList();
    }

    public List<String> paneMetricRows() {
        return panes.stream().map(p -> p.metrics().getText()).toList();
    }

    public ClipCanvas singleCanvas() {
        return big;
    }

    public boolean showsSingle() {
        return stack.topControl == single;
    }
}
