package io.vswap.swap.ui.internal.guide;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.List;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;

/**
 * The New Swap wizard's points step: the clip is imported as it is shown (into the open project,
 * or a new one under ~/VideoSwap), and the user clicks points on its first frame, with a hint of
 * what makes a good point. A click on a point removes it. The points are saved with the clip
 * when the next step starts.
 */
public final class PlacePointsPage extends WizardPage {

    static final String HINT = "Click on parts of the subject that the new subject also has: tips, corners, a "
            + "head, a tail, a little inside its outline (a point on the edge tracks the background too). Put 3 to 8 "
            + "points. A click on a point removes it.";
    /** Colours of new points, in turn (the point editor's palette tones). */
    private static final int[] COLOURS = { 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
            0xf032e6 };

    private final GuideState state;
    /** The import wizard's choice: video, settings, shot and clip names (null when resumed). */
    private final Supplier<ImportChoice> choice;
    private KeyframeCanvas canvas;
    private List list;
    private Button remove;

    /** What the import pages chose. */
    record ImportChoice(Path video, ClipSettings settings, String shotName, String clipName) {
    }

    PlacePointsPage(GuideState state, Supplier<ImportChoice> choice) {
        super("points", "Points", null);
        this.state = state;
        this.choice = choice;
        setDescription("Place the points the new subject will follow.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        Label hint = new Label(page, SWT.WRAP);
        hint.setText(HINT);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(300, SWT.DEFAULT).applyTo(hint);
        canvas = new KeyframeCanvas(page, this::clicked);
        GridDataFactory.fillDefaults().grab(true, true).hint(320, 320).applyTo(canvas.control());
        Composite side = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(side);
        GridDataFactory.fillDefaults().grab(false, true).applyTo(side);
        new Label(side, SWT.NONE).setText("Points:");
        list = new List(side, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(false, true).hint(110, SWT.DEFAULT).applyTo(list);
        list.addListener(SWT.Selection, e -> remove.setEnabled(list.getSelectionIndex() >= 0));
        remove = new Button(side, SWT.PUSH);
        remove.setText("Remove");
        remove.setEnabled(false);
        remove.addListener(SWT.Selection, e -> {
            int i = list.getSelectionIndex();
            if (i >= 0) {
                setPoints(state.points.withoutPoint(list.getItem(i)));
            }
        });
        GridDataFactory.fillDefaults().applyTo(remove);
        setControl(page);
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible && state.clip == null) {
            importClip();
        } else if (visible) {
            ((NewSwapWizard) getWizard()).loadResumedFrames();
        }
        if (visible && state.frames != null) {
            canvas.setFrame(state.frames.images().get(0), 0);
            setPoints(state.points);
        }
    }

    /** Imports the chosen clip (the shot and clip files, its frames prepared) with the wizard's progress. */
    private void importClip() {
        ImportChoice c = choice.get();
        try {
            getContainer().run(true, false, monitor -> {
                try {
                    Project project = state.session.current().orElse(null);
                    if (project == null) {
                        project = state.session.create(io.vswap.ui.api.ProjectsFolder.unused(c.shotName()), c.shotName());
                    }
                    Project imported = state.session.store().importShot(project, c.video(), c.shotName(),
                            c.clipName(), c.settings(), monitor);
                    var shot = imported.shots().get(imported.shots().size() - 1);
                    Clip clip = shot.clips().get(0);
                    ClipRef ref = new ClipRef(imported, shot, clip);
                    PreparedFrames frames = PreparedFrames.read(state.session, ref, monitor);
                    state.clip = ref;
                    state.frames = frames;
                    state.video = c.video();
                    state.points = PointSet.empty(clip.name(), frames.frames().size(), clip.settings().outputWidth(),
                            clip.settings().outputHeight());
                    state.importedInto = "Imported as shot \"" + shot.name() + "\" into the project \""
                            + imported.name() + "\" (" + imported.folder() + ").";
                    state.session.setCurrent(imported);
                } catch (Exception e) {
                    throw new InvocationTargetException(e);
                }
            });
        } catch (InvocationTargetException e) {
            setErrorMessage("The video could not be imported: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private void clicked(double x, double y) {
        if (state.points == null) {
            return;
        }
        double near = 6 * canvas.pixelsPerScreenPixel();
        for (SemanticPoint p : state.points.points()) {
            Keyframe k = p.keyframe(0).orElse(null);
            if (k != null && Math.hypot(k.x() - x, k.y() - y) <= near) {
                setPoints(state.points.withoutPoint(p.name()));
                return;
            }
        }
        String name = freeName();
        int colour = COLOURS[state.points.points().size() % COLOURS.length];
        setPoints(state.points.withPoint(SemanticPoint.placed(name, colour, 0, x, y)));
    }

    private String freeName() {
        for (int n = 1;; n++) {
            if (state.points.point("p" + n).isEmpty()) {
                return "p" + n;
            }
        }
    }

    private void setPoints(PointSet set) {
        state.points = set;
        canvas.setPoints(set);
        list.removeAll();
        set.points().forEach(p -> list.add(p.name()));
        remove.setEnabled(false);
        int n = set.points().size();
        setPageComplete(n > 0);
        if (n == 0) {
            setMessage((state.importedInto == null ? "" : state.importedInto + " ")
                    + "Click on the first frame to place a point.", IMessageProvider.INFORMATION);
        } else if (n < 3 || n > 8) {
            setMessage(n + (n == 1 ? " point" : " points") + ": 3 to 8 guide the new subject best.",
                    IMessageProvider.WARNING);
        } else {
            setMessage(n + " points. Next tracks them through the clip.", IMessageProvider.INFORMATION);
        }
    }

    /** The clip is imported: going back would import it again as another shot. */
    @Override
    public IWizardPage getPreviousPage() {
        return state.clip != null ? null : super.getPreviousPage();
    }

    // for tests
    public KeyframeCanvas canvas() {
        return canvas;
    }

    public List list() {
        return list;
    }
}
