package io.vswap.concepts.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.PlatformUI;

import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.ui.api.StudioServices;

/**
 * Preferences › VideoSwap › Concept Libraries: the user's own library folder and any number of other
 * libraries (a studio's shared folder), each read-only or not. Saved where the batch runner reads
 * them too ({@link ConceptStore#setLibraries}).
 */
public class ConceptLibrariesPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    private ConceptStore store;
    private Text userFolder;
    private Table others;

    public ConceptLibrariesPreferencePage() {
        setDescription("Where your concepts are kept, and other libraries to use beside them (a studio's shared "
                + "folder, read-only: its concepts are used and exported, never changed). The batch runner uses the "
                + "same libraries.");
    }

    @Override
    public void init(IWorkbench workbench) {
        store = StudioServices.require(workbench, ConceptStore.class);
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(c);
        new Label(c, SWT.NONE).setText("&Your library:");
        userFolder = new Text(c, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(userFolder);
        userFolder.addListener(SWT.Modify, e -> validate());
        Button browse = new Button(c, SWT.PUSH);
        browse.setText("&Browse…");
        browse.addListener(SWT.Selection, e -> chooseFolder().ifPresent(userFolder::setText));

        Label label = new Label(c, SWT.NONE);
        label.setText("&Other libraries:");
        GridDataFactory.fillDefaults().span(3, 1).applyTo(label);
        others = new Table(c, SWT.BORDER | SWT.CHECK | SWT.FULL_SELECTION);
        others.setHeaderVisible(true);
        others.setToolTipText("Checked: read-only");
        for (String h : new String[] { "Read-only / folder", "Name" }) {
            new TableColumn(others, SWT.LEFT).setText(h);
        }
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(300, 120).applyTo(others);
        Composite buttons = new Composite(c, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(buttons);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.TOP).applyTo(buttons);
        Button add = new Button(buttons, SWT.PUSH);
        add.setText("&Add…");
        add.addListener(SWT.Selection, e -> chooseFolder().ifPresent(f -> addOther(f, true)));
        Button remove = new Button(buttons, SWT.PUSH);
        remove.setText("&Remove");
        remove.addListener(SWT.Selection, e -> {
            others.remove(others.getSelectionIndices());
            validate();
        });
        GridDataFactory.fillDefaults().applyTo(add);
        GridDataFactory.fillDefaults().applyTo(remove);
        show(store.libraries());
        return c;
    }

    private void show(List<ConceptLibrary> libraries) {
        userFolder.setText(libraries.get(0).folder().toString());
        others.removeAll();
        libraries.stream().skip(1).forEach(l -> addOther(l.folder().toString(), l.readOnly(), l.name()));
    }

    private java.util.Optional<String> chooseFolder() {
        DirectoryDialog d = new DirectoryDialog(getShell());
        d.setMessage("A concept library's folder");
        return java.util.Optional.ofNullable(d.open());
    }

    /** Adds another library (read-only unless unchecked); its name is its folder's. */
    public void addOther(String folder, boolean readOnly) {
        addOther(folder, readOnly, Path.of(folder).getFileName() == null ? folder
                : Path.of(folder).getFileName().toString());
    }

    private void addOther(String folder, boolean readOnly, String name) {
        TableItem i = new TableItem(others, SWT.NONE);
        i.setText(new String[] { folder, name });
        i.setChecked(readOnly);
        for (TableColumn col : others.getColumns()) {
            col.pack();
        }
        validate();
    }

    private List<ConceptLibrary> othersGiven() {
        List<ConceptLibrary> out = new ArrayList<>();
        for (TableItem i : others.getItems()) {
            out.add(new ConceptLibrary(Path.of(i.getText(0)), i.getText(1), i.getChecked()));
        }
        return out;
    }

    private void validate() {
        String user = userFolder.getText().strip();
        String problem = null;
        if (user.isEmpty()) {
            problem = "Name your library's folder.";
        } else if (!Path.of(user).isAbsolute()) {
            problem = "Your library's folder must be a full path.";
        } else {
            Path u = Path.of(user).toAbsolutePath().normalize();
            List<Path> seen = new ArrayList<>(List.of(u));
            for (ConceptLibrary l : othersGiven()) {
                if (seen.contains(l.folder())) {
                    problem = l.folder() + " is listed twice.";
                    break;
                }
                seen.add(l.folder());
            }
        }
        setErrorMessage(problem);
        setValid(problem == null);
    }

    @Override
    public boolean performOk() {
        try {
            store.setLibraries(Path.of(userFolder.getText().strip()), othersGiven());
            return true;
        } catch (IOException e) {
            setErrorMessage("The libraries could not be saved: " + e.getMessage());
            return false;
        }
    }

    @Override
    protected void performDefaults() {
        show(List.of(ConceptLibrary.userDefault()));
        super.performDefaults();
    }

    // ---- for tests ----

    public void setUserFolder(String folder) {
        userFolder.setText(folder);
    }

    public static ConceptLibrariesPreferencePage open(Composite parent) {
        ConceptLibrariesPreferencePage p = new ConceptLibrariesPreferencePage();
        p.init(PlatformUI.getWorkbench());
        p.createControl(parent);
        return p;
    }
}
