package io.vswap.eval.ui.internal.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import io.vswap.eval.api.Evaluator;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.eval.ui.internal.EvaluateRendersJob;
import io.vswap.eval.ui.internal.EvaluatedRender;
import io.vswap.eval.ui.internal.RenderChoice;
import io.vswap.eval.ui.internal.ReportExport;
import io.vswap.eval.ui.internal.ReportSource;
import io.vswap.ui.api.ComparePlayer;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.StudioServices;

/**
 * The Evaluation view of one render (Project Explorer › Evaluate): every installed metric run on it as
 * a job, then the summary table, a chart per measured metric, and the source and the result at the
 * frame under the cursor. The frame slider, the play button and a click on any chart move all of them.
 */
public final class EvaluationView extends ViewPart implements ReportSource {

    private static final int PROGRESS_MS = 250;

    private Composite top;
    private Label title;
    private Button stop;
    private MessageArea messages;
    private SummaryTable summary;
    private ComparePlayer player;
    private ScrolledComposite chartScroll;
    private Composite charts;
    private final List<MetricChart> chartList = new ArrayList<>();
    private EvaluateRendersJob job;
    private EvaluatedRender shown;

    @Override
    public void createPartControl(Composite parent) {
        top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 2).applyTo(top);
        Composite heading = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(heading);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(heading);
        title = new Label(heading, SWT.NONE);
        title.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
        title.setText("No render evaluated");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        stop = new Button(heading, SWT.PUSH);
        stop.setText("Stop");
        stop.setToolTipText("Cancel the evaluation");
        GridDataFactory.swtDefaults().applyTo(stop);
        stop.addListener(SWT.Selection, e -> {
            if (job != null) {
                job.cancel();
            }
        });
        showStop(false);
        messages = new MessageArea(top);
        messages.show(IStatus.INFO, "Pick a render in the Project Explorer and choose Evaluate.");

        SashForm body = new SashForm(top, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        SashForm left = new SashForm(body, SWT.VERTICAL);
        summary = new SummaryTable(left);
        Composite playerHolder = new Composite(left, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(playerHolder);
        player = new ComparePlayer(playerHolder);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(player.control());
        player.sourceView().setEmptyText("The source at the frame shown");
        player.resultView().setEmptyText("The render at the frame shown");
        left.setWeights(45, 55);

        chartScroll = new ScrolledComposite(body, SWT.V_SCROLL);
        chartScroll.setExpandHorizontal(true);
        chartScroll.setExpandVertical(true);
        charts = new Composite(chartScroll, SWT.NONE);
        chartScroll.setContent(charts);
        chartScroll.addListener(SWT.Resize, e -> layoutCharts());
        body.setWeights(50, 50);

        player.onFrame(this::frameShown);
    }

    /** Evaluates {@code render} (a job), replacing what the view showed. */
    public void evaluate(RenderChoice render) {
        if (job != null) {
            job.cancel();
        }
        Evaluator evaluator = StudioServices.require(getSite(), Evaluator.class);
        title.setText(render.label());
        title.requestLayout();
        messages.show(IStatus.INFO, "Evaluating " + render.label() + "…");
        EvaluateRendersJob j = new EvaluateRendersJob(evaluator, List.of(render));
        job = j;
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (job != j) {
                return; // a later evaluation replaced this one
            }
            job = null;
            showStop(false);
            IStatus s = event.getResult();
            if (s.isOK()) {
                show(j.evaluated().get(0), evaluator.metrics());
            } else if (s.getSeverity() == IStatus.CANCEL) {
                messages.show(IStatus.WARNING, "The evaluation of " + render.label() + " was cancelled.");
            } else {
                messages.show(IStatus.ERROR, "Could not evaluate " + render.label() + ": " + s.getMessage(),
                        s.getException());
            }
        }));
        j.schedule();
        showStop(true);
        top.getDisplay().timerExec(PROGRESS_MS, () -> showProgress(j));
    }

    /** The running job's stage and share done in the message area, every {@link #PROGRESS_MS} while it runs. */
    private void showProgress(EvaluateRendersJob j) {
        if (top.isDisposed() || job != j) {
            return;
        }
        String stage = j.stage().isEmpty() ? "" : " — " + j.stage();
        messages.show(IStatus.INFO, "Evaluating " + title.getText() + stage + " (" + Math.round(100 * j.done()) + " %)");
        top.getDisplay().timerExec(PROGRESS_MS, () -> showProgress(j));
    }

    private void showStop(boolean shown) {
        stop.setVisible(shown);
        ((org.eclipse.swt.layout.GridData) stop.getLayoutData()).exclude = !shown;
        stop.requestLayout();
    }

    private void show(EvaluatedRender r, List<Metric> installed) {
        shown = r;
        Map<String, String> descriptions = new LinkedHashMap<>();
        installed.forEach(m -> descriptions.put(m.id(), m.description()));
        long measured = r.evaluation().measurements().stream().filter(m -> m.result().isPresent()).count();
        String masks = r.evaluation().maskOrigin().isEmpty() ? "no subject masks"
                : "subject masks: " + r.evaluation().maskOrigin();
        String notes = r.evaluation().notes().isEmpty() ? "" : " " + String.join("; ", r.evaluation().notes()) + ".";
        messages.show(r.evaluation().notes().isEmpty() ? IStatus.INFO : IStatus.WARNING, measured + " of "
                + r.evaluation().measurements().size() + " metrics measured over " + r.evaluation().frames()
                + " frames; " + masks + "." + notes);
        player.sourceView().setEmptyText("No source clip to show (see above)");
        player.setSource(r.source(), 0);
        player.setResult(r.result(), r.choice().label());
        summary.show(r.evaluation(), descriptions, player.frame());
        chartList.forEach(c -> c.control().dispose());
        chartList.clear();
        for (Measurement m : r.evaluation().measurements()) {
            if (m.result().isPresent()) {
                MetricChart c = new MetricChart(charts, m, player::setFrame);
                c.control().setToolTipText(descriptions.get(m.metric()));
                chartList.add(c);
            }
        }
        frameShown(player.frame());
        layoutCharts();
    }

    /** Two charts a row where the column is wide enough, else one; each at a height that keeps its axes legible. */
    private void layoutCharts() {
        if (charts.isDisposed()) {
            return;
        }
        int width = chartScroll.getClientArea().width;
        int columns = width >= 760 ? 2 : 1;
        GridLayoutFactory.fillDefaults().numColumns(columns).equalWidth(true).spacing(4, 4).applyTo(charts);
        for (MetricChart c : chartList) {
            GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 200).applyTo(c.control());
        }
        charts.layout(true);
        chartScroll.setMinSize(charts.computeSize(width, SWT.DEFAULT));
    }

    private void frameShown(int frame) {
        summary.setFrame(frame);
        chartList.forEach(c -> c.setFrame(frame));
    }

    @Override
    public void setFocus() {
        summary.control().setFocus();
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
    public List<io.vswap.eval.api.Evaluation> evaluations() {
        return shown == null ? List.of() : List.of(shown.evaluation());
    }

    @Override
    public Path suggestedFolder() {
        return shown == null ? null : shown.choice().record().getParent();
    }

    @Override
    public MessageArea messages() {
        return messages;
    }

    // ---- for tests ----

    public EvaluatedRender shown() {
        return shown;
    }

    public boolean isEvaluating() {
        return job != null;
    }

    /** The view's whole content. */
    public Composite control() {
        return top;
    }

    public Button stopButton() {
        return stop;
    }

    public ComparePlayer player() {
        return player;
    }

    public org.eclipse.swt.widgets.Table summaryTable() {
        return summary.control();
    }

    /** The charts' canvases with the frame each marks, in the table's order. */
    public List<Control> chartCanvases() {
        return chartList.stream().map(MetricChart::canvas).toList();
    }

    public List<Integer> markedFrames() {
        return chartList.stream().map(MetricChart::markedFrame).toList();
    }

    /** The canvas x of {@code frame} on chart {@code i} (where a click picks that frame). */
    public int chartX(int i, int frame) {
        return chartList.get(i).xOf(frame);
    }
}
