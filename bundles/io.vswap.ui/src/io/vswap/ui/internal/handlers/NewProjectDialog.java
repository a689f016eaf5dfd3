package io.vswap.ui.internal.handlers;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.vswap.video.api.Project;

/**
 * New VideoSwap Project: a name and a folder, typed or browsed. A folder that does not exist yet
 * is created (said before OK); one that already holds a project, or is a file, is refused with
 * what to do. Until the folder is edited it follows the name, under {@code ~/VideoSwap}.
 */
public final class NewProjectDialog extends TitleAreaDialog {

    private Text name;
    private Text location;
    private boolean locationEdited;
    private boolean updating;
    private String chosenName;
    private Path chosenFolder;

    public NewProjectDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("New VideoSwap Project");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("New VideoSwap Project");
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        new Label(form, SWT.NONE).setText("&Name:");
        name = new Text(form, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(360, SWT.DEFAULT).applyTo(name);
        new Label(form, SWT.NONE).setText("&Folder:");
        location = new Text(form, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(location);
        Button browse = new Button(form, SWT.PUSH);
        browse.setText("&Browse…");
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setText("Folder of the new project");
            d.setMessage("Choose a folder for the project (a new one is made when you type a name that does not "
                    + "exist yet).");
            String f = d.open();
            if (f != null) {
                location.setText(f);
            }
        });
        name.addModifyListener(e -> {
            if (!locationEdited) {
                updating = true;
                try {
                    location.setText(defaultFolder(name.getText().trim()).toString());
                } finally {
                    updating = false;
                }
            }
            validate();
        });
        location.addModifyListener(e -> {
            if (!updating) {
                locationEdited = true;
            }
            validate();
        });
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** {@code ~/VideoSwap/<name>} (the name as typed: folders may have spaces). */
    static Path defaultFolder(String projectName) {
        return io.vswap.ui.api.ProjectsFolder.of(projectName);
    }

    private void validate() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok == null || name == null) {
            return;
        }
        String problem = null;
        String note = null;
        Path folder = null;
        if (name.getText().isBlank()) {
            problem = "A project needs a name.";
        } else if (location.getText().isBlank()) {
            problem = "Type or browse for the project's folder.";
        } else {
            try {
                folder = Path.of(location.getText().trim()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                problem = "\"" + location.getText().trim() + "\" is not a folder name this system accepts.";
            }
        }
        if (problem == null) {
            if (Files.exists(folder.resolve(Project.PROJECT_FILE))) {
                problem = folder + " already holds a project: open it with File › Open Project, or choose another folder.";
            } else if (Files.exists(folder) && !Files.isDirectory(folder)) {
                problem = folder + " is a file. Choose a folder.";
            } else if (!Files.exists(folder)) {
                note = "The folder " + folder + " does not exist yet: it will be created.";
            } else if (isNotEmpty(folder)) {
                note = "The folder is not empty: the project's files go beside what is there.";
            }
        }
        setErrorMessage(problem);
        setMessage(note != null ? note : "A project keeps its shots, clips, points and renders in one folder.",
                note != null ? IMessageProvider.INFORMATION : IMessageProvider.NONE);
        ok.setEnabled(problem == null);
        chosenName = name.getText().trim();
        chosenFolder = folder;
    }

    private static boolean isNotEmpty(Path folder) {
        try (var s = Files.list(folder)) {
            return s.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The project's name, after OK. */
    public String projectName() {
        return chosenName;
    }

    /** The project's folder, absolute, after OK. */
    public Path folder() {
        return chosenFolder;
    }

    /** For tests: the name and folder fields. */
    public Text nameText() {
        return name;
    }

    public Text folderText() {
        return location;
    }
}
