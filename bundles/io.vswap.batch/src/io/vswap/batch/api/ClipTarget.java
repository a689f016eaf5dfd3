package io.vswap.batch.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;

/**
 * The clip a job works on, as its spec names it: {@code project}, {@code shot} and {@code clip}
 * (the shot's first when left out) — declared, read and looked up here for every job type that
 * works on a project's clip.
 *
 * @param project the project folder
 * @param shot the shot's id or name
 * @param clip the clip's name, empty for the shot's first
 */
public record ClipTarget(Path project, String shot, Optional<String> clip) {

    public static final JobField PROJECT = JobField.required("project", JobField.Kind.PATH, "the project folder");
    public static final JobField SHOT = JobField.required("shot", JobField.Kind.TEXT, "the shot, by id or name");

    /** The three fields, the clip's doc saying what the job does with it ({@code "the clip to export"}). */
    public static List<JobField> fields(String clipDoc) {
        return List.of(PROJECT, SHOT, JobField.optional("clip", JobField.Kind.TEXT, "the shot's first", clipDoc));
    }

    public static ClipTarget read(JobSpec spec) throws SpecException {
        return new ClipTarget(PROJECT.path(spec), SHOT.text(spec), spec.optString("clip"));
    }

    /** The project, shot and clip on disk, with errors that list what there is ({@link ProjectLookup}). */
    public Found find(ProjectStore store) throws IOException, ProjectFormatException {
        Project p = ProjectLookup.open(store, project);
        Shot s = ProjectLookup.shot(p, shot);
        return new Found(p, s, ProjectLookup.clip(s, clip));
    }

    /** For a job's one-line description: {@code project, shot "dog", clip "main"}. */
    public String describe() {
        return project + ", shot \"" + shot + "\"" + clip.map(c -> ", clip \"" + c + "\"").orElse("");
    }

    /** What {@link #find} found. */
    public record Found(Project project, Shot shot, Clip clip) {

        /** A file name for the clip's outputs in {@code renders/}: {@code <shot id>-<clip>}. */
        public String stem() {
            return shot.id() + "-" + clip.fileName();
        }
    }
}
