package io.vswap.ui.internal.prefs;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.swt.widgets.Composite;

/**
 * A folder that need not exist yet (the cache is created on first use), checked as the user
 * types: the stock editor refuses a folder that does not exist, which the default cache is on a
 * fresh machine.
 */
final class CacheFolderFieldEditor extends DirectoryFieldEditor {

    CacheFolderFieldEditor(String key, String label, Composite parent) {
        super(key, label, parent);
        setEmptyStringAllowed(true); // empty: caches inside each project
        setValidateStrategy(VALIDATE_ON_KEY_STROKE);
        setErrorMessage("The cache folder must be empty (inside each project) or an absolute path to a folder (created if missing).");
    }

    @Override
    protected boolean doCheckState() {
        if (getStringValue().trim().isEmpty()) {
            return true;
        }
        try {
            Path p = Path.of(getStringValue().trim());
            return p.isAbsolute() && (!Files.exists(p) || Files.isDirectory(p));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
