package io.vswap.video.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vswap.files.api.ProjectNames;

/**
 * A project: a folder holding {@value #PROJECT_FILE}, one folder per shot under
 * {@code shots/}, {@code cache/} and {@code renders/}. Immutable; edits return a new value
 * that {@link ProjectStore#save} writes.
 *
 * @param cacheFolder where derived data (prepared clips, latents) goes: {@code cache/} inside the
 *        project unless the workstation keeps caches elsewhere ({@link ProjectStore#setCacheRoot})
 */
public record Project(Path folder, String name, List<Shot> shots, Path cacheFolder) {

    /** The project file's name inside the project folder. */
    public static final String PROJECT_FILE = "project.vswap.json";

    public Project {
        shots = List.copyOf(shots);
    }

    /** A project whose cache is inside it. */
    public Project(Path folder, String name, List<Shot> shots) {
        this(folder, name, shots, folder.resolve("cache"));
    }

    public Path projectFile() {
        return folder.resolve(PROJECT_FILE);
    }

    /**
     * {@code shots/<id>/}.
     *
     * @throws IllegalArgumentException when {@code shotId} is not a plain name ({@link ProjectNames}):
     *         an id never leads outside the project
     */
    public Path shotFolder(String shotId) {
        return folder.resolve("shots").resolve(ProjectNames.requirePlain(shotId, "the shot id"));
    }

    public Path rendersFolder() {
        return folder.resolve("renders");
    }

    public Optional<Shot> shot(String id) {
        return shots.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** This project with {@code shot} added, or replacing the shot of the same id. */
    public Project withShot(Shot shot) {
        List<Shot> list = new ArrayList<>(shots);
        int i = indexOf(shot.id());
        if (i >= 0) {
            list.set(i, shot);
        } else {
            list.add(shot);
        }
        return new Project(folder, name, list, cacheFolder);
    }

    private int indexOf(String id) {
        for (int i = 0; i < shots.size(); i++) {
            if (shots.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
