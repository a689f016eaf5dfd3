package io.vswap.ui.internal.player;

import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.ui.part.ViewPart;

import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioServices;
import io.vswap.ui.internal.jobs.LoadClipFramesJob.Frames;
import io.vswap.ui.internal.jobs.LoadClipFramesJob;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;

/**
 * Plays a clip: its source frames with the crop drawn over them, or its prepared (cropped and
 * scaled) frames. Frames are decoded by a job; the view only draws them.
 */
public class PlayerView extends ViewPart {

    private Canvas canvas;
    private Button stepBack, playPause, stepForward;
    private Scale slider;
    private Label frameLabel;
    private Combo framesChoice;
    private Combo zoomChoice;

    private ProjectSession session;
    private ClipRef ref;
    private Frames frames = Frames.SOURCE;
    private List<ImageData> loaded = List.of();
    /** Real time in the source of each loaded frame (seconds), or null. */
    private double[] times;
    private Image[] images = new Image[0];
    private int frame;
    private boolean playing;
    private String message = "Double-click a clip in the Project Explorer to play it.";
    private volatile LoadClipFramesJob loadJob;
    private final Runnable tick = this::tick;

    @Override
    public void createPartControl(Composite parent) {
        session = getSite().getService(ProjectSession.class);
        if (session == null) {
            new Label(parent, SWT.WRAP).setText(StudioServices.unavailable(ProjectSession.class));
            return;
        }
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(parent);

        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
        canvas.addPaintListener(e -> paint(e.gc));

        Composite controls = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(7).applyTo(controls);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(controls);
        stepBack = button(controls, "◀|", "Previous frame", () -> seek(frame - 1));
        playPause = button(controls, "▶", "Play / pause", this::togglePlay);
        stepForward = button(controls, "|▶", "Next frame", () -> seek(frame + 1));
        slider = new Scale(controls, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(slider);
        slider.addListener(SWT.Selection, e -> seek(slider.getSelection()));
        frameLabel = new Label(controls, SWT.NONE);
        // wide enough for the longest text it shows, in this display's font
        GC measure = new GC(frameLabel);
        int labelWidth = measure.textExtent("Frame 9999 / 9999   source 99999   00:00:00:00   00:00:00.000").x + 8;
        measure.dispose();
        GridDataFactory.swtDefaults().hint(labelWidth, SWT.DEFAULT).applyTo(frameLabel);
        framesChoice = new Combo(controls, SWT.READ_ONLY);
        framesChoice.setItems("Source frames + crop", "Prepared clip frames");
        framesChoice.select(0);
        framesChoice.addListener(SWT.Selection,
                e -> showFrames(framesChoice.getSelectionIndex() == 0 ? Frames.SOURCE : Frames.PREPARED));
        zoomChoice = new Combo(controls, SWT.READ_ONLY);
        zoomChoice.setItems("Fit", "1:1");
        zoomChoice.setToolTipText("Fit: the frame scaled to the view; 1:1: one frame pixel per screen pixel. "
                + "Scaled up twice or more, pixels are shown as squares, not blurred.");
        zoomChoice.select(0);
        zoomChoice.addListener(SWT.Selection, e -> canvas.redraw());
        canvas.addDisposeListener(e -> disposeImages());
        updateControls();
    }

    private static Button button(Composite parent, String text, String tooltip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tooltip);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** Loads and shows {@code clip}, starting at its first frame. */
    public void show(ClipRef clip) {
        ref = clip;
        setContentDescription(clip.shot().name() + " / " + clip.clip().name());
        load(0);
    }

    /** Switches between source frames (with crop) and prepared frames, staying on the same clip frame. */
    public void showFrames(Frames which) {
        frames = which;
        framesChoice.select(which == Frames.SOURCE ? 0 : 1);
        if (ref != null) {
            load(frame);
        }
    }

    private void load(int startAt) {
        pause();
        LoadClipFramesJob previous = loadJob;
        if (previous != null) {
            previous.cancel();
        }
        disposeImages();
        loaded = List.of();
        message = "Loading " + ref.clip().name() + "…";
        updateControls();
        canvas.redraw();
        LoadClipFramesJob job = new LoadClipFramesJob(session, ref, frames);
        loadJob = job;
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (!canvas.isDisposed()) {
                    canvas.getDisplay().asyncExec(() -> loaded(job, event.getResult(), startAt));
                }
            }
        });
        job.schedule();
    }

    private void loaded(LoadClipFramesJob job, IStatus result, int startAt) {
        if (canvas.isDisposed() || job != loadJob) {
            return;
        }
        if (!result.isOK()) {
            message = result.getSeverity() == IStatus.CANCEL ? "Loading cancelled." : result.getMessage();
            canvas.redraw();
            return;
        }
        loaded = job.loaded();
        times = job.sourceTimes();
        images = new Image[loaded.size()];
        message = null;
        frame = -1;
        seek(Math.min(startAt, loaded.size() - 1));
    }

    /** Shows clip frame {@code index} (clamped to the clip). */
    public void seek(int index) {
        if (loaded.isEmpty()) {
            return;
        }
        frame = Math.max(0, Math.min(loaded.size() - 1, index));
        updateControls();
        canvas.redraw();
    }

    private void togglePlay() {
        if (playing) {
            pause();
        } else if (!loaded.isEmpty()) {
            playing = true;
            if (frame >= loaded.size() - 1) {
                seek(0);
            }
            canvas.getDisplay().timerExec(framePeriodMs(), tick);
            updateControls();
        }
    }

    private void pause() {
        playing = false;
        if (playPause == null) {
            return; // no controls: the services were missing
        }
        if (canvas != null && !canvas.isDisposed()) {
            canvas.getDisplay().timerExec(-1, tick);
            updateControls();
        }
    }

    private void tick() {
        if (!playing || canvas.isDisposed()) {
            return;
        }
        if (frame >= loaded.size() - 1) {
            pause();
            return;
        }
        seek(frame + 1);
        canvas.getDisplay().timerExec(framePeriodMs(), tick);
    }

    /** A clip plays at the source rate divided by its stride, so motion keeps its real speed. */
    private int framePeriodMs() {
        ClipSettings s = ref.clip().settings();
        double fps = ref.shot().probe().frameRate() / s.stride();
        return (int) Math.max(10, Math.round(1000 / Math.max(0.1, fps)));
    }

    private void updateControls() {
        boolean have = !loaded.isEmpty();
        stepBack.setEnabled(have && frame > 0);
        stepForward.setEnabled(have && frame < loaded.size() - 1);
        playPause.setEnabled(have);
        playPause.setText(playing ? "❚❚" : "▶");
        slider.setEnabled(have);
        if (have) {
            slider.setMaximum(Math.max(1, loaded.size() - 1));
            slider.setSelection(frame);
            int source = ref.clip().settings().sourceFrame(frame);
            // a variable-rate source has no frame-count timecode: its frames' real times are shown instead
            String time = times != null && frame < times.length ? Timecode.seconds(times[frame]) : "";
            String timecode = ref.shot().probe().variableFrameRate() ? time
                    : Timecode.of(source, ref.shot().probe().frameRate()) + "   " + time;
            frameLabel.setText(String.format("Frame %d / %d   source %d   %s", frame, loaded.size() - 1, source,
                    timecode.strip()));
        } else {
            slider.setSelection(0);
            frameLabel.setText("No clip");
        }
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.fillRectangle(area);
        if (loaded.isEmpty() || frame < 0) {
            if (message != null) {
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
                Point extent = gc.textExtent(message);
                gc.drawText(message, (area.width - extent.x) / 2, (area.height - extent.y) / 2, true);
            }
            return;
        }
        ImageData data = loaded.get(frame);
        if (images[frame] == null) {
            images[frame] = new Image(canvas.getDisplay(), data);
        }
        Rectangle dst = imageBounds();
        // a small clip scaled up shows its pixels, not a blur of them (as the point and swap editors)
        gc.setInterpolation(dst.width >= 2 * data.width ? SWT.NONE : SWT.HIGH);
        gc.drawImage(images[frame], 0, 0, data.width, data.height, dst.x, dst.y, dst.width, dst.height);
        if (frames == Frames.SOURCE) {
            CropRect c = ref.clip().settings().crop();
            double scale = (double) dst.width / data.width;
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            gc.setLineWidth(2);
            gc.drawRectangle(dst.x + (int) Math.round(c.x() * scale), dst.y + (int) Math.round(c.y() * scale),
                    (int) Math.round(c.width() * scale), (int) Math.round(c.height() * scale));
        }
    }

    /** Where the current frame is drawn in the canvas: scaled to fit (or 1:1), centred. */
    public Rectangle imageBounds() {
        Rectangle area = canvas.getClientArea();
        if (loaded.isEmpty()) {
            return new Rectangle(0, 0, 0, 0);
        }
        ImageData data = loaded.get(Math.max(0, frame));
        double scale = oneToOne() ? 1 : Math.min((double) area.width / data.width, (double) area.height / data.height);
        int w = (int) Math.round(data.width * scale);
        int h = (int) Math.round(data.height * scale);
        return new Rectangle((area.width - w) / 2, (area.height - h) / 2, w, h);
    }

    private void disposeImages() {
        for (Image i : images) {
            if (i != null) {
                i.dispose();
            }
        }
        images = new Image[0];
    }

    public int frame() {
        return frame;
    }

    public int frameCount() {
        return loaded.size();
    }

    /** Whether frames are shown one frame pixel per screen pixel instead of fitted to the view. */
    public boolean oneToOne() {
        return zoomChoice != null && zoomChoice.getSelectionIndex() == 1;
    }

    public Combo zoomChoice() {
        return zoomChoice;
    }

    public Canvas canvas() {
        return canvas;
    }

    public Scale slider() {
        return slider;
    }

    public Button stepForwardButton() {
        return stepForward;
    }

    public Button playPauseButton() {
        return playPause;
    }

    public Button stepBackButton() {
        return stepBack;
    }

    public Label frameLabel() {
        return frameLabel;
    }

    public LoadClipFramesJob loadJob() {
        return loadJob;
    }

    @Override
    public void setFocus() {
        if (canvas != null) {
            canvas.setFocus();
        }
    }

    @Override
    public void dispose() {
        pause();
        LoadClipFramesJob job = loadJob;
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }
}
