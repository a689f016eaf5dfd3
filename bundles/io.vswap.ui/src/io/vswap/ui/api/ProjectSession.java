package io.vswap.ui.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * The workstation's open project and the video services the UI delegates to. A DS component
 * so the parts receive the store and codecs from OSGi; immediate so that the open project
 * survives parts releasing the service.
 */
@Component(service = ProjectSession.class, immediate = true)
public final class ProjectSession {

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    private volatile Project current;

    private final List<Consumer<Project>> listeners = new CopyOnWriteArrayList<>();

    public ProjectStore store() {
        return store;
    }

    public VideoCodecRegistry codecs() {
        return codecs;
    }

    public Optional<Project> current() {
        return Optional.ofNullable(current);
    }

    /** Makes {@code project} the open one and tells the listeners (on the caller's thread). */
    public void setCurrent(Project project) {
        current = project;
        for (Consumer<Project> l : listeners) {
            l.accept(project);
        }
    }

    /**
     * Tells the listeners that the open project's content changed on disk (a render written or
     * deleted) while it stays the open one: views re-read what they show of it.
     */
    public void changed() {
        setCurrent(current);
    }

    public Project create(Path folder, String name) throws IOException {
        applyCachePreference();
        Project p = store.create(folder, name);
        setCurrent(p);
        return p;
    }

    public Project open(Path folder) throws IOException, ProjectFormatException {
        applyCachePreference();
        Project p = store.open(folder);
        setCurrent(p);
        return p;
    }

    /** The cache-folder preference, read when a project is opened: it takes effect from the next one. */
    private void applyCachePreference() {
        store.setCacheRoot(new StudioPreferences().cacheFolder());
    }

    /** Listeners are called on whatever thread changed the project; UI listeners must asyncExec. */
    public void addListener(Consumer<Project> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Project> listener) {
        listeners.remove(listener);
    }
}
