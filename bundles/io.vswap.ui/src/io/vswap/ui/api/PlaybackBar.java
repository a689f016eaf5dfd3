package io.vswap.ui.api;

import java.util.function.IntConsumer;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;

/**
 * A player's transport: Play/Pause (looping), the frame slider and "Frame n / last", made as three
 * cells of the parent's grid; whoever shows the frames listens with {@link #onFrame}. The compare
 * player and the Compare editor (which drives several views at once) use it.
 */
public final class PlaybackBar {

    private final Button play;
    private final Scale slider;
    private final Label frameLabel;
    private IntConsumer listener = f -> {
    };
    private int frames;
    private double fps = 8;
    private int frame;
    private boolean playing;

    /** Adds the three controls to {@code parent}, whose grid layout leaves them three columns. */
    public PlaybackBar(Composite parent) {
        play = new Button(parent, SWT.PUSH);
        play.setText("Pause");
        // as wide as its longer word, so "Pause" is not cut when it replaces "Play"
        GridDataFactory.swtDefaults().hint(play.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, SWT.DEFAULT).applyTo(play);
        play.setText("Play");
        play.setToolTipText("Play (loops)");
        play.addListener(SWT.Selection, e -> setPlaying(!playing));
        slider = new Scale(parent, SWT.HORIZONTAL);
        slider.setToolTipText("Frame");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(slider);
        slider.addListener(SWT.Selection, e -> setFrame(slider.getSelection()));
        frameLabel = new Label(parent, SWT.NONE);
        GridDataFactory.swtDefaults().hint(110, SWT.DEFAULT).applyTo(frameLabel);
        play.addListener(SWT.Dispose, e -> playing = false);
        updateLabel();
    }

    /** Told the frame each time the bar moves to one (slider, play, {@link #setFrame}). */
    public void onFrame(IntConsumer l) {
        listener = l;
    }

    /** A clip of {@code count} frames at {@code fps} (8 when unknown); shows its first frame. */
    public void setFrames(int count, double fps) {
        frames = count;
        this.fps = fps > 0 ? fps : 8;
        slider.setMinimum(0);
        slider.setMaximum(Math.max(1, count - 1));
        slider.setPageIncrement(1);
        setFrame(0);
    }

    /** Moves to {@code f} (kept within the clip) and tells the listener. */
    public void setFrame(int f) {
        frame = Math.max(0, Math.min(Math.max(0, frames - 1), f));
        if (slider.getSelection() != frame) {
            slider.setSelection(frame);
        }
        updateLabel();
        listener.accept(frame);
    }

    private void updateLabel() {
        frameLabel.setText("Frame " + frame + " / " + Math.max(0, frames - 1));
    }

    public void setPlaying(boolean on) {
        if (on == playing || frames == 0) {
            return;
        }
        playing = on;
        play.setText(on ? "Pause" : "Play");
        if (on) {
            tick();
        }
    }

    private void tick() {
        if (!playing || play.isDisposed()) {
            return;
        }
        setFrame((frame + 1) % frames);
        play.getDisplay().timerExec((int) Math.round(1000 / fps), this::tick);
    }

    public int frame() {
        return frame;
    }

    public boolean isPlaying() {
        return playing;
    }

    public Button playButton() {
        return play;
    }

    public Scale slider() {
        return slider;
    }

    /** Enables or disables the three controls together (nothing to play yet). */
    public void setEnabled(boolean on) {
        play.setEnabled(on);
        slider.setEnabled(on);
        frameLabel.setEnabled(on);
    }
}
