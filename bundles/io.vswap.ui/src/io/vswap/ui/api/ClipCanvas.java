package io.vswap.ui.api;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * One view of a compare player (the Swap editor's, the Compare editor's, the Evaluation view's): a clip's frame fitted into the canvas, a caption, an optional
 * overlay (the points on the source) and, in wipe mode, a second clip drawn right of a draggable
 * vertical divider (source left, result right). Painting goes through {@link #paint(GC, Rectangle)},
 * so {@link #render(int, int)} draws the same thing offscreen (for tests and thumbnails).
 */
public final class ClipCanvas {

    /** Something drawn over the left-hand clip in image coordinates, and what the mouse does to it. */
    public interface Overlay {
        void paint(GC gc, ClipCanvas view);

        /** A press at image coordinates; true if the overlay takes the drag. */
        boolean press(ClipCanvas view, double x, double y, int screenX, int screenY);

        void drag(ClipCanvas view, double x, double y, int screenX, int screenY);

        void release(ClipCanvas view, double x, double y, int screenX, int screenY);
    }

    private static final int HANDLE = 8;

    private final Canvas canvas;
    private List<ImageData> images;
    private Image[] cache;
    private List<ImageData> wipeImages;
    private Image[] wipeCache;
    private double wipe = 0.5;
    private int frame;
    private String caption = "";
    private String wipeCaption = "";
    private String empty = "";
    private Overlay overlay;
    private boolean draggingDivider;
    private boolean overlayDrag;
    private Runnable wipeListener = () -> {
    };

    public ClipCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.addListener(SWT.Paint, e -> paint(e.gc, canvas.getClientArea()));
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
        canvas.addListener(SWT.Dispose, e -> disposeImages());
    }

    public Canvas canvas() {
        return canvas;
    }

    public void setImages(List<ImageData> images) {
        disposeCache(cache);
        this.images = images;
        this.cache = images == null ? null : new Image[images.size()];
        canvas.redraw();
    }

    /** The clip drawn right of the divider, or {@code null}: no wipe. */
    public void setWipeImages(List<ImageData> images) {
        disposeCache(wipeCache);
        this.wipeImages = images;
        this.wipeCache = images == null ? null : new Image[images.size()];
        canvas.redraw();
    }

    public boolean isWipe() {
        return wipeImages != null;
    }

    /** The divider's position as a share of the frame's width, 0 (all result) to 1 (all source). */
    public double wipe() {
        return wipe;
    }

    public void setWipe(double share) {
        wipe = Math.max(0, Math.min(1, share));
        canvas.redraw();
        wipeListener.run();
    }

    public void onWipeChange(Runnable r) {
        wipeListener = r;
    }

    public int frame() {
        return frame;
    }

    public void setFrame(int frame) {
        this.frame = frame;
        canvas.redraw();
    }

    public void setCaption(String caption, String wipeCaption) {
        this.caption = caption;
        this.wipeCaption = wipeCaption;
        canvas.redraw();
    }

    /** What the view says when it has no frames. */
    public void setEmptyText(String text) {
        this.empty = text;
        canvas.redraw();
    }

    public void setOverlay(Overlay overlay) {
        this.overlay = overlay;
        overlayDrag = false; // a drag begun on the overlay taken away ends here
    }

    public List<ImageData> images() {
        return images;
    }

    // ---- geometry: the frame fitted and centred in the area ----

    private Rectangle area() {
        return canvas.getClientArea();
    }

    /** Where the frame is drawn in {@code area}. */
    public Rectangle frameBounds(Rectangle area) {
        if (images == null || images.isEmpty()) {
            return new Rectangle(area.x, area.y, 0, 0);
        }
        ImageData d = images.get(0);
        double s = Math.min((area.width - 8) / (double) d.width, (area.height - 24) / (double) d.height);
        s = Math.max(s, 0.01);
        int w = (int) Math.round(d.width * s);
        int h = (int) Math.round(d.height * s);
        return new Rectangle(area.x + (area.width - w) / 2, area.y + 20 + (area.height - 20 - h) / 2, w, h);
    }

    /** Screen pixels per image pixel. */
    public double scale() {
        Rectangle b = frameBounds(area());
        return images == null || images.isEmpty() || b.width == 0 ? 1 : b.width / (double) images.get(0).width;
    }

    public int screenX(double x) {
        Rectangle b = frameBounds(area());
        return b.x + (int) Math.round(x * scale());
    }

    public int screenY(double y) {
        Rectangle b = frameBounds(area());
        return b.y + (int) Math.round(y * scale());
    }

    public double imageX(int sx) {
        return (sx - frameBounds(area()).x) / scale();
    }

    public double imageY(int sy) {
        return (sy - frameBounds(area()).y) / scale();
    }

    /** The divider's x on screen. */
    public int dividerX() {
        Rectangle b = frameBounds(area());
        return b.x + (int) Math.round(b.width * wipe);
    }

    // ---- painting ----

    public void paint(GC gc, Rectangle area) {
        Display d = canvas.getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        gc.fillRectangle(area);
        gc.setForeground(d.getSystemColor(SWT.COLOR_WHITE));
        if (images == null || images.isEmpty()) {
            String text = empty;
            var extent = gc.textExtent(text);
            gc.drawText(text, area.x + Math.max(4, (area.width - extent.x) / 2), area.y + area.height / 2 - extent.y,
                    true);
            gc.drawText(caption, area.x + 6, area.y + 2, true);
            return;
        }
        int f = Math.min(frame, images.size() - 1);
        Rectangle b = frameBounds(area);
        gc.setInterpolation(SWT.NONE); // small clips scaled up: keep their pixels visible, not blurred
        Image img = image(images, cache, f);
        Rectangle ib = img.getBounds();
        boolean wipeOn = wipeImages != null && !wipeImages.isEmpty();
        int divider = b.x + (int) Math.round(b.width * wipe);
        if (wipeOn) {
            // source: the part left of the divider
            int srcW = (int) Math.round(ib.width * wipe);
            if (srcW > 0 && divider > b.x) {
                gc.drawImage(img, 0, 0, srcW, ib.height, b.x, b.y, divider - b.x, b.height);
            }
            Image right = image(wipeImages, wipeCache, Math.min(f, wipeImages.size() - 1));
            Rectangle rb = right.getBounds();
            int from = (int) Math.round(rb.width * wipe);
            if (from < rb.width && divider < b.x + b.width) {
                gc.drawImage(right, from, 0, rb.width - from, rb.height, divider, b.y, b.x + b.width - divider,
                        b.height);
            }
        } else {
            gc.drawImage(img, 0, 0, ib.width, ib.height, b.x, b.y, b.width, b.height);
        }
        if (overlay != null) {
            gc.setClipping(wipeOn ? new Rectangle(b.x - 40, b.y - 40, divider - b.x + 40, b.height + 80) : area);
            gc.setAntialias(SWT.ON);
            overlay.paint(gc, this);
            gc.setAntialias(SWT.DEFAULT);
            gc.setClipping((Rectangle) null);
        }
        gc.setForeground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.drawText(caption, b.x, area.y + 2, true);
        if (wipeOn) {
            String rc = wipeCaption;
            gc.drawText(rc, b.x + b.width - gc.textExtent(rc).x, area.y + 2, true);
            gc.setLineWidth(2);
            gc.setForeground(d.getSystemColor(SWT.COLOR_YELLOW));
            gc.drawLine(divider, b.y, divider, b.y + b.height);
            gc.setBackground(d.getSystemColor(SWT.COLOR_YELLOW));
            int cy = b.y + b.height / 2;
            gc.fillPolygon(new int[] { divider - HANDLE, cy, divider - 2, cy - HANDLE, divider - 2, cy + HANDLE });
            gc.fillPolygon(new int[] { divider + HANDLE, cy, divider + 2, cy - HANDLE, divider + 2, cy + HANDLE });
            gc.setLineWidth(1);
        }
    }

    private Image image(List<ImageData> list, Image[] c, int f) {
        if (c[f] == null) {
            c[f] = new Image(canvas.getDisplay(), list.get(f));
        }
        return c[f];
    }

    /** The view drawn offscreen at {@code width × height}, as it would be on screen at that size. */
    public ImageData render(int width, int height) {
        Image image = new Image(canvas.getDisplay(), width, height);
        GC gc = new GC(image);
        try {
            paint(gc, new Rectangle(0, 0, width, height));
        } finally {
            gc.dispose();
        }
        ImageData data = image.getImageData();
        image.dispose();
        return data;
    }

    // ---- mouse: the divider in wipe mode, otherwise the overlay ----

    private void mouseDown(Event e) {
        if (e.button != 1 || images == null) {
            return;
        }
        if (isWipe() && Math.abs(e.x - dividerX()) <= HANDLE + 2) {
            draggingDivider = true;
            return;
        }
        overlayDrag = overlay != null && (!isWipe() || e.x < dividerX())
                && overlay.press(this, imageX(e.x), imageY(e.y), e.x, e.y);
    }

    private void mouseMove(Event e) {
        if (draggingDivider) {
            Rectangle b = frameBounds(area());
            setWipe(b.width == 0 ? 0.5 : (e.x - b.x) / (double) b.width);
        } else if (overlayDrag) {
            overlay.drag(this, imageX(e.x), imageY(e.y), e.x, e.y);
        } else if (isWipe()) {
            canvas.setCursor(Math.abs(e.x - dividerX()) <= HANDLE + 2
                    ? canvas.getDisplay().getSystemCursor(SWT.CURSOR_SIZEWE) : null);
        }
    }

    private void mouseUp(Event e) {
        if (draggingDivider) {
            draggingDivider = false;
        } else if (overlayDrag) {
            overlayDrag = false;
            overlay.release(this, imageX(e.x), imageY(e.y), e.x, e.y);
        }
    }

    private static void disposeCache(Image[] c) {
        if (c != null) {
            for (Image i : c) {
                if (i != null) {
                    i.dispose();
                }
            }
        }
    }

    private void disposeImages() {
        disposeCache(cache);
        disposeCache(wipeCache);
    }
}
