package io.vswap.swap.ui.internal.guide;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/**
 * The New Swap wizard's tracking step: the placed points are saved with the clip and tracked
 * through it as the page opens; the table lists, per point, the frames where it was lost, which
 * the swap leaves out of its guidance.
 */
public final class TrackPage extends WizardPage {

    private final GuideState state;
    private Table table;
    private Label summary;
    /** The point set tracked last, to track again only when the points changed. */
    private PointSet trackedFrom;

    TrackPage(GuideState state) {
        super("track", "Track", null);
        this.state = state;
        setDescription("Follow the points through the clip, and see where one was lost.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().applyTo(page);
        summary = new Label(page, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(summary);
        table = new Table(page, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(300, 200).applyTo(table);
        for (String title : new String[] { "Point", "Tracked in", "Lost in frames" }) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(title);
            c.setWidth(title.startsWith("Lost") ? 220 : 110);
        }
        setControl(page);
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            ((NewSwapWizard) getWizard()).loadResumedFrames();
        }
        if (visible && state.points != null && !state.points.equals(trackedFrom)) {
            track();
        }
    }

    private void track() {
        var tracker = state.services.tracker().orElse(null);
        if (tracker == null) {
            setErrorMessage("No point tracker is installed (io.vswap.points provides one). See the error log.");
            return;
        }
        PointSet placed = state.points;
        PointSet[] tracked = new PointSet[1];
        try {
            getContainer().run(true, true, monitor -> {
                try {
                    monitor.beginTask("Tracking " + placed.points().size() + " points", org.eclipse.core.runtime.IProgressMonitor.UNKNOWN);
                    tracked[0] = tracker.track(state.frames.frames(), placed, monitor);
                    state.savePoints(tracked[0]); // the point editor and the swap read the same file
                } catch (Exception e) {
                    throw new InvocationTargetException(e);
                }
            });
        } catch (InvocationTargetException e) {
            setErrorMessage("The points could not be tracked: " + e.getCause().getMessage());
            return;
        } catch (InterruptedException e) {
            setErrorMessage("Tracking was cancelled; Back and Next track again.");
            return;
        }
        trackedFrom = tracked[0];
        show(tracked[0]);
    }

    private void show(PointSet set) {
        table.removeAll();
        int frames = set.frameCount();
        List<String> lost = new ArrayList<>();
        for (SemanticPoint p : set.points()) {
            Trajectory t = p.tracked().orElse(null);
            String spans = t == null ? "all (not tracked)" : lostSpans(t);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { p.name(), (t == null ? 0 : t.visibleCount()) + " of " + frames + " frames",
                    spans.isEmpty() ? "—" : spans });
            if (!spans.isEmpty()) {
                lost.add(p.name());
            }
        }
        setErrorMessage(null);
        List<String> mostly = state.mostlyLost();
        if (!mostly.isEmpty()) {
            summary.setText(String.join(", ", mostly) + (mostly.size() == 1 ? " was" : " were") + " followed in fewer "
                    + "than half the frames. The tracker follows texture and corners: on a flat subject of one colour "
                    + "points slide off it. Back places points where the subject has detail; Edit Points corrects "
                    + "them frame by frame later. A swap with them follows the subject's motion poorly.");
            setMessage("Tracked and saved with the clip; most frames lost for some points.", IMessageProvider.WARNING);
        } else if (lost.isEmpty()) {
            summary.setText("Every point was followed through all " + frames + " frames.");
            setMessage("Tracked and saved with the clip. Next: what the subject becomes.", IMessageProvider.INFORMATION);
        } else {
            summary.setText(String.join(", ", lost) + (lost.size() == 1 ? " was" : " were") + " lost in some frames: "
                    + "the swap leaves a point out of its guidance where it is lost. Back places the points again; "
                    + "Edit Points corrects them frame by frame later.");
            setMessage("Tracked and saved with the clip, with lost frames.", IMessageProvider.WARNING);
        }
        summary.requestLayout();
        setPageComplete(true);
    }

    /** "7–9, 12" for the frames where {@code t} is not visible; empty when it never is lost. */
    static String lostSpans(Trajectory t) {
        StringBuilder b = new StringBuilder();
        int start = -1;
        for (int f = 0; f <= t.frameCount(); f++) {
            boolean lostHere = f < t.frameCount() && !t.visible(f);
            if (lostHere && start < 0) {
                start = f;
            } else if (!lostHere && start >= 0) {
                b.append(b.length() == 0 ? "" : ", ").append(start == f - 1 ? String.valueOf(start) : start + "–" + (f - 1));
                start = -1;
            }
        }
        return b.toString();
    }

    // for tests
    public Table table() {
        return table;
    }

    public String summary() {
        return summary.getText();
    }
}
