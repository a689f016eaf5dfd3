package io.vswap.ui.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;
import org.eclipse.ui.PlatformUI;

/**
 * Drives the running workbench from the test thread: every widget access goes through the UI
 * thread, waits poll with a deadline, screenshots are taken from the X screen.
 */
public final class Ui {

    private Ui() {
    }

    public static Display display() {
        return PlatformUI.getWorkbench().getDisplay();
    }

    /** Runs {@code work} on the UI thread and returns its result; rethrows what it throws. */
    public static <T> T call(Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        display().syncExec(() -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return result.get();
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Waits until {@code condition} (evaluated on the UI thread) holds, or fails naming {@code what}. */
    public static void waitUntil(String what, long timeoutMs, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            sleep(50);
        }
        fail("Timed out after " + timeoutMs + " ms waiting for: " + what);
    }

    /** Lets the UI thread process pending events and paints. */
    public static void settle() {
        for (int i = 0; i < 3; i++) {
            run(() -> {
                while (display().readAndDispatch()) {
                    // drain
                }
            });
            sleep(100);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code type} to the widget as SWT would for a real user action. */
    public static void fire(Widget widget, int type) {
        Event e = new Event();
        e.widget = widget;
        e.display = widget.getDisplay();
        widget.notifyListeners(type, e);
    }

    /** Presses a dialog button by its id ({@code IDialogConstants.*_ID}, set as the button's data). */
    public static void pressDialogButton(Shell shell, int id) {
        Button b = find(shell, Button.class, x -> Integer.valueOf(id).equals(x.getData()));
        if (!b.isEnabled()) {
            fail("Button '" + b.getText() + "' is disabled");
        }
        fire(b, SWT.Selection);
    }

    public static <W extends Control> W find(Composite root, Class<W> type, Predicate<W> test) {
        List<W> found = findAll(root, type, test);
        if (found.isEmpty()) {
            fail("No " + type.getSimpleName() + " matching in " + root);
        }
        return found.get(0);
    }

    public static <W extends Control> List<W> findAll(Composite root, Class<W> type, Predicate<W> test) {
        List<W> out = new ArrayList<>();
        collect(root, type, test, out);
        return out;
    }

    private static <W extends Control> void collect(Control c, Class<W> type, Predicate<W> test, List<W> out) {
        if (type.isInstance(c) && test.test(type.cast(c))) {
            out.add(type.cast(c));
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, type, test, out);
            }
        }
    }

    /**
     * Every visible label and button under {@code root} whose text does not fit: narrower or lower
     * than its preferred size (a wrapping one: lower than its text at its width), or reaching past
     * the visible area of one of its parents (laid out beyond a group's or the dialog's edge; below
     * a scrolled area's bottom is not clipped, it is reached by scrolling). Each as
     * "Label 'text': why". Call on the UI thread.
     */
    public static List<String> clipped(Composite root) {
        List<String> out = new ArrayList<>();
        for (Control c : findAll(root, Control.class, x -> (x instanceof Label || x instanceof Button) && x.isVisible())) {
            String text = c instanceof Label l ? l.getText() : ((Button) c).getText();
            if (text == null || text.isBlank()) {
                continue;
            }
            String name = c.getClass().getSimpleName() + " '" + text.replace("\n", " ") + "'";
            Rectangle b = c.getBounds();
            boolean wrap = (c.getStyle() & SWT.WRAP) != 0;
            Point preferred = wrap ? c.computeSize(b.width, SWT.DEFAULT) : c.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            if (!wrap && preferred.x > b.width || preferred.y > b.height) {
                out.add(name + ": " + b.width + "×" + b.height + " shown, " + preferred.x + "×" + preferred.y + " needed");
                continue;
            }
            Rectangle onScreen = c.getDisplay().map(c.getParent(), null, b);
            for (Composite p = c.getParent(); p != null; p = p.getParent()) {
                Rectangle area = c.getDisplay().map(p, null, p.getClientArea());
                // a scrolled area's content below its bottom is reached by scrolling; past its sides it is cut
                boolean scrolls = p instanceof ScrolledComposite;
                boolean across = onScreen.x < area.x || onScreen.x + onScreen.width > area.x + area.width;
                boolean down = onScreen.y < area.y || onScreen.y + onScreen.height > area.y + area.height;
                if (across || down && !scrolls) {
                    out.add(name + ": reaches past the " + (across ? "side" : "bottom") + " of "
                            + p.getClass().getSimpleName() + (p instanceof Group g ? " '" + g.getText() + "'" : ""));
                    break;
                }
                if (p instanceof Shell || scrolls) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The menu bar's item at {@code path} (labels without mnemonics, each matched as a prefix:
     * "Help", "About"), every menu on the way filled as when it is shown (contributions and
     * dynamic items appear then). Call on the UI thread.
     */
    public static MenuItem menuItem(Shell window, String... path) {
        MenuItem[] items = window.getMenuBar().getItems();
        MenuItem found = null;
        for (String step : path) {
            found = null;
            for (MenuItem i : items) {
                if (i.getText().replace("&", "").startsWith(step)) {
                    found = i;
                    break;
                }
            }
            if (found == null) {
                fail("No menu item '" + step + "' of " + String.join(" › ", path) + " among "
                        + java.util.Arrays.stream(items).map(MenuItem::getText).toList());
            }
            if (found.getMenu() != null) {
                found.getMenu().notifyListeners(SWT.Show, new Event());
                items = found.getMenu().getItems();
            }
        }
        return found;
    }

    /**
     * The labels of {@code control}'s context menu (without mnemonics and key hints, separators left
     * out), filled as when it is shown: contributions appear then. Call on the UI thread.
     */
    public static List<String> contextMenu(Control control) {
        org.eclipse.swt.widgets.Menu m = control.getMenu();
        m.notifyListeners(SWT.Show, new Event());
        List<String> out = java.util.Arrays.stream(m.getItems()).filter(i -> (i.getStyle() & SWT.SEPARATOR) == 0)
                .map(MenuItem::getText).map(t -> t.replace("&", "").replaceAll("\t.*", "")).toList();
        m.notifyListeners(SWT.Hide, new Event());
        return out;
    }

    /** The items of the menu at {@code path} (a submenu such as "File", "Open Recent"), filled as when shown. */
    public static MenuItem[] menuItems(Shell window, String... path) {
        return menuItem(window, path).getMenu().getItems();
    }

    /**
     * A dialog as it opens on a {@code width}×{@code height} screen: its own size, at most the
     * screen's, laid out again. Call off the UI thread.
     */
    public static void sizeForScreen(Shell dialog, int width, int height) {
        run(() -> {
            Point natural = dialog.computeSize(SWT.DEFAULT, SWT.DEFAULT, true);
            dialog.setBounds(0, 0, Math.min(natural.x, width), Math.min(natural.y, height));
            dialog.layout(true, true);
        });
        settle();
    }

    /**
     * Runs {@code look} (off the UI thread) with {@code window} filling a {@code width}×{@code height}
     * screen, then gives the window its bounds back.
     */
    public static void atScreenSize(Shell window, int width, int height, Runnable look) {
        Rectangle before = call(window::getBounds);
        run(() -> {
            window.setBounds(0, 0, width, height);
            window.layout(true, true);
        });
        settle();
        try {
            look.run();
        } finally {
            run(() -> window.setBounds(before));
            settle();
        }
    }

    /**
     * Looks at a view maximized: screenshots {@code name} (this screen) and {@code name-1280x800}, each
     * checked for controls cut in {@code root}; then restores the view. Call off the UI thread.
     */
    public static void lookMaximized(org.eclipse.ui.IViewPart view, Composite root, String name) {
        org.eclipse.ui.IWorkbenchPage page = call(() -> view.getSite().getPage());
        run(() -> page.setPartState(page.getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED));
        try {
            settle();
            screenshot(name);
            List<String> cut = call(() -> clipped(root));
            if (!cut.isEmpty()) {
                fail("cut in " + name + ": " + cut);
            }
            atScreenSize(view.getSite().getShell(), 1280, 800, () -> {
                screenshot(name + "-1280x800");
                List<String> small = call(() -> clipped(root));
                if (!small.isEmpty()) {
                    fail("cut in " + name + " at 1280×800: " + small);
                }
            });
        } finally {
            run(() -> page.setPartState(page.getReference(view), org.eclipse.ui.IWorkbenchPage.STATE_RESTORED));
        }
    }

    /** What the screen shows inside {@code control} (its on-screen pixels). Call on the UI thread. */
    public static ImageData grab(Control control) {
        Rectangle r = control.getBounds();
        Point origin = control.getParent() == null ? new Point(r.x, r.y)
                : control.getParent().toDisplay(r.x, r.y);
        Image image = new Image(control.getDisplay(), r.width, r.height);
        GC gc = new GC(control.getDisplay());
        try {
            gc.copyArea(image, origin.x, origin.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** Saves a PNG of the whole screen as {@code target/screenshots/<name>.png}; returns its path. */
    public static Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("vswap.screenshots", "target/screenshots"));
        Path file = dir.resolve(name + ".png");
        try {
            Files.createDirectories(dir);
            ImageData data = call(() -> {
                Rectangle screen = display().getBounds();
                Image image = new Image(display(), screen.width, screen.height);
                GC gc = new GC(display());
                try {
                    gc.copyArea(image, 0, 0);
                    return image.getImageData();
                } finally {
                    gc.dispose();
                    image.dispose();
                }
            });
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } catch (Exception e) {
            System.err.println("Screenshot " + file + " failed: " + e);
        }
        return file;
    }
}
