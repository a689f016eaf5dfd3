package io.vswap.batch.internal.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.AtomicFolder;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoProbe;

/** {@code "import"}: a video into a new or existing project, as a new shot with one clip. */
@Component(service = BatchJobType.class)
public final class ImportJobType implements BatchJobType {

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Override
    public String type() {
        return "import";
    }

    private static final List<JobField> FIELDS = List.of(
            JobField.required("video", JobField.Kind.PATH, "the video file to import"),
            JobField.required("project", JobField.Kind.PATH, "the project folder (created if needed)"),
            JobField.optional("projectName", JobField.Kind.TEXT, "the folder's name", "a new project's name"),
            JobField.optional("shot", JobField.Kind.TEXT, "the video's name", "the new shot's name"),
            JobField.optional("clip", JobField.Kind.OBJECT, "\"main\", from frame 0, 512x512",
                    "{" + ClipSpec.FIELDS + "}: the clip taken from the shot"));

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "import a video into a project (created if needed) as a new shot, with one clip taken from it";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path video = spec.path("video");
        Path project = spec.path("project");
        String projectName = spec.optString("projectName").orElse(project.getFileName().toString());
        String shot = spec.optString("shot").orElse(baseName(video));
        ClipSpec clip = ClipSpec.parse(spec);
        return new ImportJob(video, project, projectName, shot, clip);
    }

    private static String baseName(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Set<Path> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.collect(Collectors.toSet());
        }
    }

    private final class ImportJob implements BatchJob {
        private final Path video;
        private final Path projectFolder;
        private final String projectName;
        private final String shotName;
        private final ClipSpec clip;

        ImportJob(Path video, Path projectFolder, String projectName, String shotName, ClipSpec clip) {
            this.video = video;
            this.projectFolder = projectFolder;
            this.projectName = projectName;
            this.shotName = shotName;
            this.clip = clip;
        }

        @Override
        public String describe() {
            return "import " + video + " → " + projectFolder + ", shot \"" + shotName + "\", clip \"" + clip.name()
                    + "\"";
        }

        /**
         * Done when the project has a shot of this name from a video of this name with the same
         * frame count, holding a clip of this name with the settings this job would take: a rerun
         * of the batch does not import it twice. (The video is matched by name, not by path, so that a
         * farm host that sees it under another folder agrees.)
         */
        @Override
        public java.util.Optional<String> completed() throws Exception {
            if (!Files.isRegularFile(projectFolder.resolve(Project.PROJECT_FILE)) || !Files.isRegularFile(video)) {
                return java.util.Optional.empty();
            }
            Project project = store.open(projectFolder);
            Shot shot = project.shots().stream().filter(s -> s.name().equals(shotName)).findFirst().orElse(null);
            if (shot == null || !shot.source().getFileName().equals(video.getFileName())
                    || shot.clip(clip.name()).isEmpty()) {
                return java.util.Optional.empty();
            }
            ClipSettings settings;
            try (FrameReader reader = codecs.codecFor(video).openReader(video)) {
                VideoProbe probe = reader.probe();
                if (probe.frameCount() != shot.probe().frameCount()) {
                    return java.util.Optional.empty();
                }
                settings = clip.settingsFor(probe, reader::frameAt);
            }
            return settings.equals(shot.clip(clip.name()).get().settings())
                    ? java.util.Optional.of("shot \"" + shotName + "\" (" + shot.id() + ") is in " + projectFolder
                            + " from " + video.getFileName() + ", clip \"" + clip.name() + "\" as asked")
                    : java.util.Optional.empty();
        }

        @Override
        public String run(IProgressMonitor monitor) throws Exception {
            SubMonitor sub = SubMonitor.convert(monitor, "Importing " + video.getFileName(), 100);
            // Probe before touching the project: a wrong path must not leave a new empty project.
            VideoCodec codec = codecs.codecFor(video);
            VideoProbe probe;
            ClipSettings settings;
            try (FrameReader reader = codec.openReader(video)) {
                probe = reader.probe();
                settings = clip.settingsFor(probe, reader::frameAt);
            }
            settings.checkAgainst(probe);
            sub.worked(5);
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }

            boolean created = !Files.exists(projectFolder.resolve(Project.PROJECT_FILE));
            boolean folderExisted = Files.exists(projectFolder);
            // what the folder held before: a failed job removes only what it added (the user's files stay)
            Set<Path> before = folderExisted && Files.isDirectory(projectFolder) ? children(projectFolder) : Set.of();
            Project project = null;
            boolean done = false;
            try {
                project = created ? store.create(projectFolder, projectName) : store.open(projectFolder);
                sub.worked(5);
                project = store.importShot(project, video, shotName, clip.name(), settings, sub.split(90));
                done = true;
            } finally {
                if (!done && created) {
                    // A project this job created and did not finish is a partial file: remove it.
                    removeCreated(folderExisted, before);
                }
            }
            Shot shot = project.shots().get(project.shots().size() - 1);
            String warnings = probe.warnings().isEmpty() ? "" : "\n  warning: " + String.join("\n  warning: ", probe.warnings());
            return String.format("shot \"%s\" (%s) in %s: %s [%s]; clip \"%s\": %d frames from %d, stride %d, %d×%d%s",
                    shot.name(), shot.id(), projectFolder, probe.summary(), codec.id(), clip.name(),
                    settings.frameCount(), settings.startFrame(), settings.stride(), settings.outputWidth(),
                    settings.outputHeight(), warnings);
        }

        /**
         * Removes what this job added: the whole folder when the job created it, else only the
         * entries that were not there before (never a file or folder the user had in it).
         */
        private void removeCreated(boolean folderExisted, Set<Path> before) throws IOException {
            if (!folderExisted) {
                AtomicFolder.deleteTree(projectFolder);
                return;
            }
            if (!Files.isDirectory(projectFolder)) {
                return;
            }
            for (Path p : children(projectFolder)) {
                if (!before.contains(p)) {
                    AtomicFolder.deleteTree(p);
                }
            }
        }
    }
}
