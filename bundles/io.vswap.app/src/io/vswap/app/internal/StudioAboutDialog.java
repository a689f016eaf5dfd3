package io.vswap.app.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

import io.vswap.ui.internal.ModelSizes;

/**
 * Help › About VideoSwap Studio: the version and when it was built, the model in use, the Java
 * and system it runs on, and every loaded bundle with its version and state (VideoSwap's and
 * studios' own first), with a button that copies it all for a support request.
 */
final class StudioAboutDialog extends Dialog {

    static final int COPY_ID = IDialogConstants.CLIENT_ID + 1;

    private Table bundles;

    StudioAboutDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About VideoSwap Studio");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        Label title = new Label(area, SWT.NONE);
        title.setText("VideoSwap Studio");
        title.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());
        GridDataFactory.swtDefaults().span(2, 1).applyTo(title);
        Label what = new Label(area, SWT.WRAP);
        what.setText("Replaces the subject of a video shot with another, following its motion (VideoSwap, Gu et al. "
                + "2023), on an Eclipse RCP workstation.");
        GridDataFactory.fillDefaults().span(2, 1).hint(520, SWT.DEFAULT).applyTo(what);
        for (String[] row : facts()) {
            new Label(area, SWT.NONE).setText(row[0]);
            Label value = new Label(area, SWT.WRAP);
            value.setText(row[1]);
            value.setData("fact", row[0]);
            GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(value);
        }
        Label loaded = new Label(area, SWT.NONE);
        loaded.setText("Loaded bundles:");
        GridDataFactory.swtDefaults().span(2, 1).applyTo(loaded);
        bundles = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        bundles.setHeaderVisible(true);
        for (String column : new String[] { "Bundle", "Version", "State" }) {
            new TableColumn(bundles, SWT.NONE).setText(column);
        }
        for (Bundle b : loadedBundles()) {
            TableItem item = new TableItem(bundles, SWT.NONE);
            item.setText(new String[] { b.getSymbolicName(), b.getVersion().toString(), state(b) });
        }
        for (TableColumn c : bundles.getColumns()) {
            c.pack();
        }
        // the long bundle names give way, so that version and state stay in sight in the table's width
        TableColumn name = bundles.getColumn(0);
        int others = bundles.getColumn(1).getWidth() + bundles.getColumn(2).getWidth();
        name.setWidth(Math.min(name.getWidth(), Math.max(160, 540 - others)));
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(560, 220).applyTo(bundles);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, COPY_ID, "&Copy to Clipboard", false);
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == COPY_ID) {
            Clipboard clipboard = new Clipboard(getShell().getDisplay());
            try {
                clipboard.setContents(new Object[] { text() }, new Transfer[] { TextTransfer.getInstance() });
            } finally {
                clipboard.dispose();
            }
            return;
        }
        super.buttonPressed(id);
    }

    /** Everything the dialog shows, as plain text (what Copy puts on the clipboard). */
    static String text() {
        StringBuilder b = new StringBuilder("VideoSwap Studio\n");
        for (String[] row : facts()) {
            b.append(row[0]).append(' ').append(row[1]).append('\n');
        }
        b.append("Loaded bundles:\n");
        for (Bundle bundle : loadedBundles()) {
            b.append("  ").append(bundle.getSymbolicName()).append(' ').append(bundle.getVersion()).append(' ')
                    .append(state(bundle)).append('\n');
        }
        return b.toString();
    }

    /** Label and value of each fact: version, build, model, Java, system. */
    static List<String[]> facts() {
        Version v = FrameworkUtil.getBundle(StudioAboutDialog.class).getVersion();
        return List.of(new String[] { "Version:", v.getMajor() + "." + v.getMinor() + "." + v.getMicro() },
                new String[] { "Built:", built(v.getQualifier()) },
                new String[] { "Model in use:", ModelSizes.installed()
                        .map(m -> m.model() + "; clips of " + m.label() + " by default")
                        .orElse("none installed (install a model bundle, or name a model folder in a swap)") },
                new String[] { "Java:", System.getProperty("java.vendor") + " " + Runtime.version() },
                new String[] { "System:", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + "), " + Runtime.getRuntime().availableProcessors()
                        + " cores" });
    }

    /** A build qualifier (Tycho's yyyyMMddHHmm, UTC) as a date; otherwise it says it is not a release build. */
    static String built(String qualifier) {
        try {
            LocalDateTime t = LocalDateTime.parse(qualifier, DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT));
            return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)) + " UTC (build "
                    + qualifier + ")";
        } catch (DateTimeParseException e) {
            return "a development build (" + (qualifier.isEmpty() ? "no qualifier" : qualifier) + ")";
        }
    }

    /** Every bundle of the framework: VideoSwap's first, then studios' and the platform's, by name. */
    static List<Bundle> loadedBundles() {
        Bundle[] all = FrameworkUtil.getBundle(StudioAboutDialog.class).getBundleContext().getBundles();
        return Arrays.stream(all).filter(b -> b.getSymbolicName() != null)
                .sorted(Comparator.comparing((Bundle b) -> !b.getSymbolicName().startsWith("io.vswap."))
                        .thenComparing(Bundle::getSymbolicName))
                .toList();
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
        case Bundle.ACTIVE -> "active";
        case Bundle.STARTING -> "starting (lazy)";
        case Bundle.RESOLVED -> "resolved";
        case Bundle.INSTALLED -> "installed (not resolved)";
        default -> "stopping";
        };
    }

    /** For tests: the bundle table. */
    Table bundles() {
        return bundles;
    }
}
