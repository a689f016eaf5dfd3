package io.vswap.ui.api;

import java.util.List;
import java.util.function.IntConsumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;

/**
 * The source and an edit's result, in step: side by side (two views) or as an A/B wipe (one
 * view, source left of a draggable divider, result right), with one frame slider and a play
 * button driving both (the Swap editor's result beside its source, the Evaluation view's frame).
 */
public final class ComparePlayer {

    /** How the two clips are shown. */
    public enum Mode {
        SIDE_BY_SIDE("Side by side"), WIPE("A/B wipe");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private final Composite control;
    private final Composite views;
    private final ClipCanvas source;
    private final ClipCanvas result;
    private final PlaybackBar bar;
    private final Combo modeChoice;
    private Mode mode = Mode.SIDE_BY_SIDE;
    private List<ImageData> resultImages;
    private String resultCaption = "Result";
    private int sourceCount;
    private double fps;
    private IntConsumer frameListener = f -> {
    };

    public ComparePlayer(Composite parent) {
        control = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(5).spacing(6, 2).applyTo(control);
        views = new Composite(control, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).equalWidth(true).spacing(2, 0).applyTo(views);
        GridDataFactory.fillDefaults().span(5, 1).grab(true, true).applyTo(views);
        source = new ClipCanvas(views);
        result = new ClipCanvas(views);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(source.canvas());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(result.canvas());
        source.setEmptyText("Loading the clip…");
        result.setEmptyText("No edit shown: run one, or pick one in the history");

        bar = new PlaybackBar(control);
        bar.playButton().setToolTipText("Play both views (loops)");
        bar.slider().setToolTipText("Frame: scrubs both views");
        bar.onFrame(f -> {
            source.setFrame(f);
            result.setFrame(f);
            frameListener.accept(f);
        });
        new Label(control, SWT.NONE).setText("View:");
        modeChoice = new Combo(control, SWT.READ_ONLY);
        for (Mode m : Mode.values()) {
            modeChoice.add(m.label);
        }
        modeChoice.select(0);
        modeChoice.addListener(SWT.Selection, e -> setMode(Mode.values()[modeChoice.getSelectionIndex()]));
        updateCaptions();
    }

    public Composite control() {
        return control;
    }

    public ClipCanvas sourceView() {
        return source;
    }

    public ClipCanvas resultView() {
        return result;
    }

    public Scale slider() {
        return bar.slider();
    }

    public Button playButton() {
        return bar.playButton();
    }

    public Combo modeChoice() {
        return modeChoice;
    }

    public Mode mode() {
        return mode;
    }

    public int frame() {
        return bar.frame();
    }

    public boolean isPlaying() {
        return bar.isPlaying();
    }

    public List<ImageData> resultImages() {
        return resultImages;
    }

    public void setSource(List<ImageData> images, double fps) {
        sourceCount = images.size();
        this.fps = fps;
        source.setImages(images);
        applyMode();
        bar.setFrames(Math.max(sourceCount, resultImages == null ? 0 : resultImages.size()), fps);
    }

    /** The result shown beside (or under the wipe of) the source; {@code null}: none. */
    public void setResult(List<ImageData> images, String caption) {
        resultImages = images;
        resultCaption = caption == null ? "Result" : caption;
        result.setImages(images);
        applyMode();
        int count = Math.max(sourceCount, images == null ? 0 : images.size());
        if (count != sourceCount) {
            bar.setFrames(count, fps); // a result without its source (the source could not be read) still plays
        }
        setFrame(bar.frame());
    }

    public void setMode(Mode m) {
        mode = m;
        modeChoice.select(m.ordinal());
        applyMode();
    }

    private void applyMode() {
        boolean wipe = mode == Mode.WIPE;
        source.setWipeImages(wipe && resultImages != null ? resultImages : null);
        ((org.eclipse.swt.layout.GridData) result.canvas().getLayoutData()).exclude = wipe;
        result.canvas().setVisible(!wipe);
        ((org.eclipse.swt.layout.GridLayout) views.getLayout()).numColumns = wipe ? 1 : 2;
        updateCaptions();
        views.layout(true);
        source.canvas().redraw();
    }

    private void updateCaptions() {
        if (mode == Mode.WIPE && resultImages != null) {
            source.setCaption("◀ Source", resultCaption + " ▶");
        } else {
            source.setCaption("Source", "");
        }
        result.setCaption(resultCaption, "");
        if (mode == Mode.WIPE && resultImages == null) {
            source.setCaption("Source (no edit to wipe to yet)", "");
        }
    }

    /** Told the frame each time the views move to one (slider, play, {@link #setFrame}). */
    public void onFrame(IntConsumer listener) {
        frameListener = listener;
    }

    /** Shows {@code f} in both views. */
    public void setFrame(int f) {
        bar.setFrame(f);
    }

    public void setPlaying(boolean on) {
        bar.setPlaying(on);
    }
}
