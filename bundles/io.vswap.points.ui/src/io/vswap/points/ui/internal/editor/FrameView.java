package io.vswap.points.ui.internal.editor;

import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.Trajectory;
import io.vswap.points.ui.internal.editor.PointDocument.Aspect;
import io.vswap.points.ui.internal.editor.PointDocument.Mode;
import io.vswap.points.ui.internal.editor.ShownTracks.Track;

/**
 * The frame at large with the points over it. Zoom with the wheel (around the cursor), pan with
 * the middle button or Space + drag, step with Left/Right/Home/End. Left button: select and drag
 * points (annotate: a keyframe on this frame; edit modes: remove or drag for the edit), or add
 * one with the Add tool.
 */
public final class FrameView {

    /** What a left click does in annotate mode. */
    public enum Tool {
        SELECT, ADD
    }

    /** Frames either side of the current one that a trail shows. */
    static final int TRAIL = 10;
    /** Radius of a point's marker, in screen pixels (whatever the zoom). */
    public static final int MARKER_RADIUS = 6;
    private static final int PICK_RADIUS = 10;
    private static final double MIN_SCALE = 0.1, MAX_SCALE = 32;

    private final Canvas canvas;
    private final PointDocument doc;
    private final PointActions actions;
    private final ShownTracks shownTracks;
    private final List<ImageData> frames;
    private final Image[] images;
    private Map<String, Track> tracks = Map.of();

    private Tool tool = Tool.SELECT;
    /** Screen position of image pixel (0,0)'s top-left corner, and screen pixels per image pixel. */
    private double originX, originY, scale = 1;
    private boolean userZoomed;
    private boolean spaceDown;
    private Point panFrom;
    private Gesture gesture;
    private InlineNameEditor nameEditor;
    private final Cursor handCursor;

    /** A left-button drag of a point in progress: the point, and the grab offset from its marker in image pixels. */
    private record Gesture(String point, double grabDx, double grabDy, Point pressedAt, boolean moved) {
        Gesture movedTo() {
            return new Gesture(point, grabDx, grabDy, pressedAt, true);
        }
    }

    FrameView(Composite parent, PointDocument doc, PointActions actions, ShownTracks shownTracks,
            List<ImageData> frames) {
        this.doc = doc;
        this.actions = actions;
        this.shownTracks = shownTracks;
        this.frames = frames;
        this.images = new Image[frames.size()];
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        handCursor = new Cursor(canvas.getDisplay(), SWT.CURSOR_SIZEALL);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> {
            if (!userZoomed) {
                fit();
            }
        });
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        canvas.addListener(SWT.KeyDown, this::keyDown);
        canvas.addListener(SWT.KeyUp, e -> {
            if (e.character == ' ') {
                spaceDown = false;
                canvas.setCursor(null);
            }
        });
        // Arrow keys would otherwise move focus to the next control.
        canvas.addListener(SWT.Traverse, e -> e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT
                && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS);
        canvas.addDisposeListener(e -> {
            for (Image i : images) {
                if (i != null) {
                    i.dispose();
                }
            }
            handCursor.dispose();
        });
        PointDocument.Listener listener = aspect -> {
            if (aspect != Aspect.SAVED) {
                refreshTracks();
                canvas.redraw();
            }
        };
        doc.addListener(listener);
        canvas.addDisposeListener(e -> doc.removeListener(listener));
        refreshTracks();
    }

    public Canvas canvas() {
        return canvas;
    }

    public Tool tool() {
        return tool;
    }

    public void setTool(Tool newTool) {
        tool = newTool;
        canvas.setCursor(newTool == Tool.ADD ? canvas.getDisplay().getSystemCursor(SWT.CURSOR_CROSS) : null);
    }

    /** The inline name field while a point is being added, or {@code null}. */
    public InlineNameEditor nameEditor() {
        return nameEditor != null && nameEditor.isOpen() ? nameEditor : null;
    }

    public double scale() {
        return scale;
    }

    /** Where image position (x, y) (pixel centres at integers) is on the canvas. */
    public Point toCanvas(double x, double y) {
        return new Point((int) Math.round(originX + (x + 0.5) * scale), (int) Math.round(originY + (y + 0.5) * scale));
    }

    /** The image position under canvas point (cx, cy). */
    public Position toImage(double cx, double cy) {
        return new Position((cx - originX) / scale - 0.5, (cy - originY) / scale - 0.5);
    }

    /** Fits the whole frame in the canvas, centred. */
    public void fit() {
        Rectangle area = canvas.getClientArea();
        PointSet set = doc.points();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        scale = Math.min((area.width - 16.0) / set.width(), (area.height - 16.0) / set.height());
        scale = Math.max(MIN_SCALE, scale);
        originX = (area.width - set.width() * scale) / 2;
        originY = (area.height - set.height() * scale) / 2;
        userZoomed = false;
        canvas.redraw();
        actions.status(String.format("Zoom %.0f %% (fit)", scale * 100));
    }

    /** Zooms by {@code factor} keeping the image point under canvas point (cx, cy) where it is. */
    public void zoom(double factor, int cx, int cy) {
        double next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        originX = cx - (cx - originX) * next / scale;
        originY = cy - (cy - originY) * next / scale;
        scale = next;
        userZoomed = true;
        canvas.redraw();
        actions.status(String.format("Zoom %.0f %%", scale * 100));
    }

    public void pan(int dx, int dy) {
        originX += dx;
        originY += dy;
        userZoomed = true;
        canvas.redraw();
    }

    private void refreshTracks() {
        tracks = shownTracks.compute(doc);
    }

    // ---- input ----

    private void wheel(Event e) {
        if (e.count != 0) {
            zoom(Math.pow(1.2, Math.signum(e.count)), e.x, e.y);
            e.doit = false;
        }
    }

    private void keyDown(Event e) {
        switch (e.keyCode) {
        case SWT.ARROW_LEFT -> doc.setFrame(doc.frame() - ((e.stateMask & SWT.SHIFT) != 0 ? 10 : 1));
        case SWT.ARROW_RIGHT -> doc.setFrame(doc.frame() + ((e.stateMask & SWT.SHIFT) != 0 ? 10 : 1));
        case SWT.HOME -> doc.setFrame(0);
        case SWT.END -> doc.setFrame(doc.frameCount() - 1);
        case SWT.ESC -> {
            gesture = null;
            doc.clearPreviews();
        }
        default -> {
            if (e.character == ' ') {
                spaceDown = true;
                canvas.setCursor(handCursor);
            } else if (e.character == 'f' || e.character == 'F') {
                fit();
            } else if (e.character == '+' || e.character == '=') {
                Rectangle a = canvas.getClientArea();
                zoom(1.25, a.width / 2, a.height / 2);
            } else if (e.character == '-') {
                Rectangle a = canvas.getClientArea();
                zoom(1 / 1.25, a.width / 2, a.height / 2);
            }
        }
        }
    }

    private void mouseDown(Event e) {
        canvas.setFocus();
        if (e.button == 2 || (e.button == 1 && spaceDown)) {
            panFrom = new Point(e.x, e.y);
            return;
        }
        if (e.button != 1) {
            return;
        }
        Position at = toImage(e.x, e.y);
        if (doc.mode() == Mode.ANNOTATE && tool == Tool.ADD) {
            openNameEditor(e.x, e.y, at);
            return;
        }
        String hit = pick(e.x, e.y);
        doc.select(hit);
        if (hit == null) {
            return;
        }
        Position marker = shownPosition(hit);
        if (doc.mode() == Mode.REMOVE_POINTS) {
            actions.toggleRemoved(hit);
            return;
        }
        if (doc.mode() == Mode.DRAG_POINTS && (tracks.get(hit).source() == null || tracks.get(hit).removed())) {
            actions.status(tracks.get(hit).removed() ? hit + " is removed in this edit; use it again first"
                    : "Track the points first: a drag is propagated along the tracks");
            return;
        }
        gesture = new Gesture(hit, at.x() - marker.x(), at.y() - marker.y(), new Point(e.x, e.y), false);
    }

    private void mouseMove(Event e) {
        if (panFrom != null) {
            pan(e.x - panFrom.x, e.y - panFrom.y);
            panFrom = new Point(e.x, e.y);
            return;
        }
        if (gesture == null) {
            return;
        }
        if (!gesture.moved()) {
            if (Math.abs(e.x - gesture.pressedAt().x) + Math.abs(e.y - gesture.pressedAt().y) < 3) {
                return; // a click, not a drag yet
            }
            gesture = gesture.movedTo();
        }
        Position target = dragTarget(gesture, e);
        if (doc.mode() == Mode.ANNOTATE) {
            doc.setKeyframePreview(new PointDocument.KeyframePreview(gesture.point(), target));
        } else if (doc.mode() == Mode.DRAG_POINTS) {
            PointDrag drag = editDrag(gesture, target);
            doc.setEditDragPreview(
                    new PointDocument.EditDragPreview(drag, shownTracks.propagate(doc.points(), drag)));
        }
    }

    private void mouseUp(Event e) {
        if (panFrom != null) {
            panFrom = null;
            return;
        }
        Gesture g = gesture;
        gesture = null;
        if (g == null || e.button != 1) {
            return;
        }
        if (!g.moved()) {
            doc.clearPreviews();
            return;
        }
        Position target = dragTarget(g, e);
        if (doc.mode() == Mode.ANNOTATE) {
            doc.clearPreviews();
            actions.setKeyframe(g.point(), target.x(), target.y());
        } else if (doc.mode() == Mode.DRAG_POINTS) {
            PointDrag drag = editDrag(g, target);
            actions.putEditDrag(drag);
            doc.clearPreviews();
        }
    }

    private Position dragTarget(Gesture g, Event e) {
        Position at = toImage(e.x, e.y);
        PointSet set = doc.points();
        double x = Math.max(0, Math.min(set.width() - 1, at.x() - g.grabDx()));
        double y = Math.max(0, Math.min(set.height() - 1, at.y() - g.grabDy()));
        return new Position(x, y);
    }

    /** The edit's drag putting the point at {@code target} on this frame, measured from its source track. */
    private PointDrag editDrag(Gesture g, Position target) {
        Trajectory source = tracks.get(g.point()).source();
        int f = doc.frame();
        return new PointDrag(g.point(), f, target.x() - source.x(f), target.y() - source.y(f));
    }

    private void openNameEditor(int cx, int cy, Position at) {
        if (nameEditor != null) {
            nameEditor.finish();
        }
        PointSet set = doc.points();
        if (at.x() < -0.5 || at.y() < -0.5 || at.x() > set.width() - 0.5 || at.y() > set.height() - 0.5) {
            actions.status("Put points inside the frame");
            return;
        }
        nameEditor = new InlineNameEditor(canvas, cx, cy, actions.suggestName(), name -> nameProblem(name),
                name -> actions.addPoint(name, at.x(), at.y()), () -> actions.status("Adding a point cancelled"));
        canvas.redraw(); // shows where the point will go while it is being named
        pendingAdd = at;
        nameEditor.text().addDisposeListener(ev -> {
            pendingAdd = null;
        });
    }

    private Position pendingAdd;

    static String nameProblem(String name, PointSet set) {
        if (name.isBlank()) {
            return "A point needs a name";
        }
        if (set.point(name).isPresent()) {
            return "A point named \"" + name + "\" exists already";
        }
        return null;
    }

    private String nameProblem(String name) {
        return nameProblem(name, doc.points());
    }

    /** The point whose marker is nearest canvas point (cx, cy), within reach; {@code null} if none. */
    String pick(int cx, int cy) {
        String best = null;
        double bestDistance = PICK_RADIUS;
        for (Track t : tracks.values()) {
            Position p = shownPosition(t.point().name());
            if (p == null) {
                continue;
            }
            Point c = toCanvas(p.x(), p.y());
            double d = Math.hypot(c.x - cx, c.y - cy);
            if (d <= bestDistance) {
                bestDistance = d;
                best = t.point().name();
            }
        }
        return best;
    }

    /** Where a point is drawn on the current frame, or {@code null} when it is not drawn there. */
    public Position shownPosition(String name) {
        Track t = tracks.get(name);
        if (t == null) {
            return null;
        }
        int f = doc.frame();
        PointDocument.KeyframePreview kp = doc.keyframePreview();
        if (doc.mode() == Mode.ANNOTATE) {
            if (kp != null && kp.point().equals(name)) {
                return kp.position();
            }
            var k = t.point().keyframe(f);
            if (k.isPresent()) {
                return k.get().position();
            }
        }
        return t.shown() == null ? null : t.shown().position(f);
    }

    // ---- painting ----

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.fillRectangle(area);
        int f = doc.frame();
        if (images[f] == null) {
            images[f] = new Image(canvas.getDisplay(), frames.get(f));
        }
        PointSet set = doc.points();
        int w = (int) Math.round(set.width() * scale);
        int h = (int) Math.round(set.height() * scale);
        // Pixels as blocks when zoomed in: a tracking tool is used to place points on exact pixels.
        gc.setInterpolation(scale >= 2 ? SWT.NONE : SWT.HIGH);
        gc.drawImage(images[f], 0, 0, set.width(), set.height(), (int) Math.round(originX),
                (int) Math.round(originY), w, h);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        for (Track t : tracks.values()) {
            drawTrail(gc, t);
        }
        for (Track t : tracks.values()) {
            drawMarker(gc, t);
        }
        if (pendingAdd != null) {
            Point c = toCanvas(pendingAdd.x(), pendingAdd.y());
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.setLineWidth(1);
            gc.drawLine(c.x - 8, c.y, c.x + 8, c.y);
            gc.drawLine(c.x, c.y - 8, c.x, c.y + 8);
        }
        drawModeBanner(gc, area);
    }

    /** The track over neighbouring frames, fading with distance; dashed where the point is not visible. */
    private void drawTrail(GC gc, Track t) {
        Trajectory tr = t.shown();
        if (tr == null || t.removed()) {
            return;
        }
        int f = doc.frame();
        Color colour = new Color(rgb(t.point().colour()));
        gc.setForeground(colour);
        gc.setLineWidth(2);
        int from = Math.max(0, f - TRAIL);
        int to = Math.min(tr.frameCount() - 1, f + TRAIL);
        // A dark casing under the coloured line keeps the trail readable on light and dark subjects alike.
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.setLineWidth(4);
        for (int k = from; k < to; k++) {
            int distance = Math.max(Math.abs(k - f), Math.abs(k + 1 - f));
            gc.setAlpha((int) Math.round(110 * (1 - distance / (TRAIL + 1.0))));
            Point a = toCanvas(tr.x(k), tr.y(k));
            Point b = toCanvas(tr.x(k + 1), tr.y(k + 1));
            gc.drawLine(a.x, a.y, b.x, b.y);
        }
        gc.setForeground(colour);
        gc.setLineWidth(2);
        for (int k = from; k < to; k++) {
            int distance = Math.max(Math.abs(k - f), Math.abs(k + 1 - f));
            gc.setAlpha((int) Math.round(230 * (1 - distance / (TRAIL + 1.0))));
            gc.setLineStyle(tr.visible(k) && tr.visible(k + 1) ? SWT.LINE_SOLID : SWT.LINE_DOT);
            Point a = toCanvas(tr.x(k), tr.y(k));
            Point b = toCanvas(tr.x(k + 1), tr.y(k + 1));
            gc.drawLine(a.x, a.y, b.x, b.y);
        }
        // Small ticks on the trail's frames, so speed reads as spacing.
        for (int k = from; k <= to; k++) {
            if (k == f) {
                continue;
            }
            gc.setAlpha((int) Math.round(230 * (1 - Math.abs(k - f) / (TRAIL + 1.0))));
            Point a = toCanvas(tr.x(k), tr.y(k));
            gc.setBackground(colour);
            if (tr.visible(k)) {
                gc.fillOval(a.x - 2, a.y - 2, 4, 4);
            }
        }
        gc.setAlpha(255);
        gc.setLineStyle(SWT.LINE_SOLID);
    }

    private void drawMarker(GC gc, Track t) {
        String name = t.point().name();
        Position p = shownPosition(name);
        if (p == null) {
            return;
        }
        int f = doc.frame();
        boolean selected = name.equals(doc.selected());
        boolean keyframe = doc.mode() == Mode.ANNOTATE && t.point().isKeyframe(f);
        boolean previewing = doc.keyframePreview() != null && doc.keyframePreview().point().equals(name);
        boolean marked = t.point().isMarkedHidden(f);
        boolean visible = keyframe || previewing || !marked && (t.shown() == null || t.shown().visible(f));
        Color colour = new Color(rgb(t.point().colour()));
        Color black = canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK);
        Color white = canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE);
        Point c = toCanvas(p.x(), p.y());
        int r = MARKER_RADIUS;

        if (t.dragged() && t.source() != null) { // where the source point is, and the edit's displacement
            Point s = toCanvas(t.source().x(f), t.source().y(f));
            gc.setForeground(colour);
            gc.setLineWidth(1);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawLine(s.x, s.y, c.x, c.y);
            gc.drawOval(s.x - 3, s.y - 3, 6, 6);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
        if (t.removed()) { // left out of this edit: a grey cross
            gc.setAlpha(200);
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
            gc.setLineWidth(2);
            gc.drawLine(c.x - r, c.y - r, c.x + r, c.y + r);
            gc.drawLine(c.x - r, c.y + r, c.x + r, c.y - r);
            gc.setAlpha(255);
            drawLabel(gc, name + " (removed)", c, canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
            return;
        }
        if (visible) {
            gc.setBackground(colour);
            gc.fillOval(c.x - r, c.y - r, 2 * r + 1, 2 * r + 1);
            gc.setForeground(black);
            gc.setLineWidth(1);
            gc.drawOval(c.x - r - 1, c.y - r - 1, 2 * r + 2, 2 * r + 2);
        } else { // not visible here: hollow and dashed, at the predicted position
            gc.setForeground(colour);
            gc.setLineWidth(2);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawOval(c.x - r, c.y - r, 2 * r, 2 * r);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
        if (keyframe) { // a keyframe: a diamond around the marker
            gc.setForeground(white);
            gc.setLineWidth(1);
            int d = r + 4;
            gc.drawPolygon(new int[] { c.x, c.y - d, c.x + d, c.y, c.x, c.y + d, c.x - d, c.y });
        }
        if (selected) {
            gc.setForeground(white);
            gc.setLineWidth(2);
            gc.drawOval(c.x - r - 5, c.y - r - 5, 2 * r + 10, 2 * r + 10);
        }
        drawLabel(gc, visible ? name : marked ? name + " (marked hidden)" : name + " (hidden)", c, colour);
    }

    private void drawLabel(GC gc, String text, Point at, Color colour) {
        int x = at.x + MARKER_RADIUS + 12; // clear of the selection ring
        int y = at.y - MARKER_RADIUS - gc.getFontMetrics().getHeight() / 2 - 2;
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(text, x + 1, y + 1, true); // a shadow keeps the name readable on any background
        gc.setForeground(colour);
        gc.drawText(text, x, y, true);
    }

    private void drawModeBanner(GC gc, Rectangle area) {
        String text = switch (doc.mode()) {
        case ANNOTATE -> tool == Tool.ADD ? "Add point: click where it goes" : null;
        case REMOVE_POINTS -> "Edit \"" + doc.editName() + "\": click a point to remove it from the edit (tracks unchanged)";
        case DRAG_POINTS -> "Edit \"" + doc.editName() + "\": drag a point; the drag follows the subject on every frame";
        };
        if (text == null) {
            return;
        }
        Point extent = gc.textExtent(text);
        gc.setAlpha(180);
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.fillRectangle(8, 8, extent.x + 12, extent.y + 8);
        gc.setAlpha(255);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
        gc.drawText(text, 14, 12, true);
    }

    static RGB rgb(int colour) {
        return new RGB((colour >> 16) & 0xff, (colour >> 8) & 0xff, colour & 0xff);
    }
}
