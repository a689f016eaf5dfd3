package io.vswap.points.ui.internal.editor;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.ui.internal.editor.PointDocument.Aspect;

/**
 * The clip as a filmstrip with one row per point under it: where the point is visible (solid),
 * hidden (hatched), not tracked (empty), its keyframes (diamonds) and the frames the user marked
 * it hidden on (hollow, crossed diamonds). Click or drag to scrub;
 * Left/Right/Home/End step.
 */
public final class Timeline {

    static final int STRIP_HEIGHT = 54;
    static final int RULER_HEIGHT = 16;
    static final int ROW_HEIGHT = 14;

    private final Canvas canvas;
    private final PointDocument doc;
    private final List<ImageData> frames;
    private final Image[] thumbnails;
    private int thumbnailWidth = -1;
    private boolean scrubbing;

    Timeline(Composite parent, PointDocument doc, List<ImageData> frames) {
        this.doc = doc;
        this.frames = frames;
        this.thumbnails = new Image[frames.size()];
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                scrubbing = true;
                canvas.setFocus();
                scrubTo(e);
            }
        });
        canvas.addListener(SWT.MouseMove, e -> {
            if (scrubbing) {
                scrubTo(e);
            }
        });
        canvas.addListener(SWT.MouseUp, e -> scrubbing = false);
        canvas.addListener(SWT.KeyDown, e -> {
            switch (e.keyCode) {
            case SWT.ARROW_LEFT -> doc.setFrame(doc.frame() - 1);
            case SWT.ARROW_RIGHT -> doc.setFrame(doc.frame() + 1);
            case SWT.HOME -> doc.setFrame(0);
            case SWT.END -> doc.setFrame(doc.frameCount() - 1);
            default -> {
            }
            }
        });
        canvas.addListener(SWT.Traverse, e -> e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT
                && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS);
        PointDocument.Listener listener = aspect -> {
            if (aspect != Aspect.SAVED && aspect != Aspect.PREVIEW) {
                canvas.redraw();
            }
        };
        doc.addListener(listener);
        canvas.addDisposeListener(e -> {
            doc.removeListener(listener);
            disposeThumbnails();
        });
    }

    public Canvas canvas() {
        return canvas;
    }

    /** The height that shows the strip and a row for every point. */
    int preferredHeight() {
        return STRIP_HEIGHT + RULER_HEIGHT + Math.max(1, doc.points().points().size()) * ROW_HEIGHT + 6;
    }

    /** The frame under canvas x. */
    public int frameAt(int x) {
        int n = doc.frameCount();
        double cell = canvas.getClientArea().width / (double) n;
        return Math.max(0, Math.min(n - 1, (int) Math.floor(x / cell)));
    }

    /** The middle of frame {@code f}'s cell, in canvas x. */
    public int xOf(int f) {
        double cell = canvas.getClientArea().width / (double) doc.frameCount();
        return (int) Math.round((f + 0.5) * cell);
    }

    /** The middle of {@code point}'s row, in canvas y, or -1 for a point not shown. */
    public int yOf(String point) {
        int i = doc.points().pointNames().indexOf(point);
        return i < 0 ? -1 : STRIP_HEIGHT + RULER_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    }

    private void scrubTo(Event e) {
        doc.setFrame(frameAt(e.x));
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        Color dark = new Color(32, 34, 38);
        gc.setBackground(dark);
        gc.fillRectangle(area);
        int n = doc.frameCount();
        double cell = area.width / (double) n;
        drawStrip(gc, cell);
        drawRuler(gc, cell, area);
        List<SemanticPoint> points = doc.points().points();
        for (int i = 0; i < points.size(); i++) {
            drawRow(gc, points.get(i), STRIP_HEIGHT + RULER_HEIGHT + i * ROW_HEIGHT, cell);
        }
        // the current frame
        int x0 = (int) Math.round(doc.frame() * cell);
        int x1 = (int) Math.round((doc.frame() + 1) * cell);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
        gc.setLineWidth(2);
        gc.drawRectangle(x0 + 1, 1, Math.max(2, x1 - x0 - 2), STRIP_HEIGHT - 2);
        gc.drawLine((x0 + x1) / 2, STRIP_HEIGHT, (x0 + x1) / 2, area.height);
    }

    private void drawStrip(GC gc, double cell) {
        int w = Math.max(1, (int) Math.floor(cell) - 2);
        if (w != thumbnailWidth) {
            disposeThumbnails();
            thumbnailWidth = w;
        }
        int h = STRIP_HEIGHT - 6;
        for (int f = 0; f < frames.size(); f++) {
            if (thumbnails[f] == null) {
                ImageData d = frames.get(f);
                // keep the frame's aspect inside the cell
                double s = Math.min(w / (double) d.width, h / (double) d.height);
                thumbnails[f] = new Image(canvas.getDisplay(),
                        d.scaledTo(Math.max(1, (int) (d.width * s)), Math.max(1, (int) (d.height * s))));
            }
            Rectangle b = thumbnails[f].getBounds();
            int x = (int) Math.round(f * cell) + ((int) Math.round(cell) - b.width) / 2;
            gc.drawImage(thumbnails[f], x, 3 + (h - b.height) / 2);
        }
    }

    private void drawRuler(GC gc, double cell, Rectangle area) {
        int y = STRIP_HEIGHT;
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
        gc.setLineWidth(1);
        gc.drawLine(0, y, area.width, y);
        int every = cell >= 24 ? 1 : cell >= 10 ? 5 : 10;
        for (int f = 0; f < doc.frameCount(); f++) {
            int x = (int) Math.round((f + 0.5) * cell);
            gc.drawLine(x, y, x, y + (f % every == 0 ? 5 : 2));
            if (f % every == 0) {
                gc.drawText(Integer.toString(f), x + 2, y + 1, true);
            }
        }
    }

    private void drawRow(GC gc, SemanticPoint p, int y, double cell) {
        Color colour = new Color(FrameView.rgb(p.colour()));
        boolean selected = p.name().equals(doc.selected());
        if (selected) {
            gc.setBackground(new Color(60, 64, 72));
            gc.fillRectangle(0, y, canvas.getClientArea().width, ROW_HEIGHT);
        }
        Trajectory t = p.trajectory();
        int top = y + 4, height = ROW_HEIGHT - 8;
        if (t != null) {
            for (int f = 0; f < t.frameCount(); f++) {
                int x0 = (int) Math.round(f * cell);
                int x1 = (int) Math.round((f + 1) * cell);
                if (t.visible(f)) {
                    gc.setBackground(colour);
                    gc.setAlpha(90 + Math.round(150 * t.confidence(f)));
                    gc.fillRectangle(x0, top, x1 - x0, height);
                } else { // hidden: an outline only
                    gc.setAlpha(255);
                    gc.setForeground(colour);
                    gc.setLineStyle(SWT.LINE_DOT);
                    gc.drawRectangle(x0, top, x1 - x0 - 1, height - 1);
                    gc.setLineStyle(SWT.LINE_SOLID);
                }
            }
            gc.setAlpha(255);
        }
        for (Keyframe k : p.keyframes()) {
            int x = (int) Math.round((k.frame() + 0.5) * cell);
            int cy = y + ROW_HEIGHT / 2;
            int[] diamond = { x, cy - 5, x + 5, cy, x, cy + 5, x - 5, cy };
            gc.setBackground(colour);
            gc.fillPolygon(diamond);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.setLineWidth(1);
            gc.drawPolygon(diamond);
        }
        for (int f : p.hiddenFrames()) { // a hidden mark: hollow, crossed, in the point's colour
            int x = (int) Math.round((f + 0.5) * cell);
            int cy = y + ROW_HEIGHT / 2;
            gc.setForeground(colour);
            gc.setLineWidth(1);
            gc.drawPolygon(new int[] { x, cy - 5, x + 5, cy, x, cy + 5, x - 5, cy });
            gc.drawLine(x - 2, cy - 2, x + 2, cy + 2);
            gc.drawLine(x - 2, cy + 2, x + 2, cy - 2);
        }
    }

    private void disposeThumbnails() {
        for (int i = 0; i < thumbnails.length; i++) {
            if (thumbnails[i] != null) {
                thumbnails[i].dispose();
                thumbnails[i] = null;
            }
        }
    }
}
