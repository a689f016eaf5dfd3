package io.vswap.batch.api;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;

/** Finds the project, shot and clip a job names, with errors that list what there is. */
public final class ProjectLookup {

    private ProjectLookup() {
    }

    public static Project open(ProjectStore store, Path project) throws IOException, ProjectFormatException {
        if (!Files.exists(project.resolve(Project.PROJECT_FILE))) {
            throw new FileNotFoundException("no project in " + project + " (no " + Project.PROJECT_FILE
                    + "); import a shot into it first, or check the job's \"project\"");
        }
        return store.open(project);
    }

    /** An id is unique; a name may repeat (each import adds a shot): the latest of that name. */
    public static Shot shot(Project p, String shot) {
        return p.shots().stream().filter(x -> x.id().equals(shot)).findFirst()
                .or(() -> p.shots().stream().filter(x -> x.name().equals(shot)).reduce((a, b) -> b))
                .orElseThrow(() -> new IllegalArgumentException("project " + p.folder() + " has no shot \"" + shot
                        + "\"; its shots are: " + p.shots().stream().map(x -> "\"" + x.name() + "\" (" + x.id() + ")")
                                .collect(Collectors.joining(", "))));
    }

    /** The named clip, or the shot's first. */
    public static Clip clip(Shot s, Optional<String> clip) {
        if (s.clips().isEmpty()) {
            throw new IllegalArgumentException("shot \"" + s.name() + "\" has no clip");
        }
        return clip.isEmpty() ? s.clips().get(0)
                : s.clip(clip.get()).orElseThrow(() -> new IllegalArgumentException("shot \"" + s.name()
                        + "\" has no clip \"" + clip.get() + "\"; its clips are: "
                        + s.clips().stream().map(Clip::name).collect(Collectors.joining(", "))));
    }
}
