package io.vswap.ui.internal.recent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.preference.IPreferenceStore;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;

/**
 * The projects opened or created lately, newest first (File › Open Recent), kept in the
 * workstation's preferences as one folder per line; and the last one opened again when the
 * workstation starts (a preference, on by default).
 */
public final class RecentProjects {

    /** At most this many are listed. */
    public static final int MAX = 8;

    private final IPreferenceStore store;

    public RecentProjects(IPreferenceStore store) {
        this.store = store;
    }

    public RecentProjects() {
        this(new StudioPreferences().store());
    }

    /** The folders, newest first. */
    public List<Path> folders() {
        List<Path> out = new ArrayList<>();
        for (String line : store.getString(StudioPreferences.RECENT_PROJECTS).split("\n")) {
            if (!line.isBlank()) {
                out.add(Path.of(line.trim()));
            }
        }
        return out;
    }

    /** Puts {@code folder} first (once), keeping at most {@link #MAX}. */
    public void add(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        List<Path> l = new ArrayList<>(folders());
        l.remove(f);
        l.add(0, f);
        save(l.subList(0, Math.min(MAX, l.size())));
    }

    /** Takes {@code folder} off the list (it could not be opened). */
    public void remove(Path folder) {
        List<Path> l = new ArrayList<>(folders());
        l.remove(folder.toAbsolutePath().normalize());
        save(l);
    }

    private void save(List<Path> folders) {
        store.setValue(StudioPreferences.RECENT_PROJECTS,
                String.join("\n", folders.stream().map(Path::toString).toList()));
    }

    /** Remembers every project the session opens or creates. */
    public static void follow(ProjectSession session) {
        RecentProjects recent = new RecentProjects();
        session.addListener((Project p) -> {
            if (p != null) {
                recent.add(p.folder());
            }
        });
    }

    /**
     * Opens the last project again (at start), when the preference asks for it and it is still
     * there; one that no longer opens is taken off the list and said in the returned text.
     *
     * @return what happened, in words, or empty when there was nothing to reopen
     */
    public Optional<String> reopenLast(ProjectSession session) {
        if (!store.getBoolean(StudioPreferences.REOPEN_LAST_PROJECT) || folders().isEmpty()) {
            return Optional.empty();
        }
        Path last = folders().get(0);
        if (!Files.isDirectory(last)) {
            remove(last);
            return Optional.of("The last project, " + last + ", is no longer there; it was taken off File › Open "
                    + "Recent.");
        }
        try {
            session.open(last);
            return Optional.of("Reopened " + last + ".");
        } catch (IOException | ProjectFormatException | RuntimeException e) {
            remove(last);
            return Optional.of("The last project, " + last + ", could not be opened again: " + e.getMessage());
        }
    }
}
