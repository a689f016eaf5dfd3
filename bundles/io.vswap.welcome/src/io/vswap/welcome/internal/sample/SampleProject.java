package io.vswap.welcome.internal.sample;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.google.gson.JsonObject;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.files.api.AtomicFolder;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;

/**
 * The built-in sample project, {@code <parent>/Sample Project}: the sample world's red star over
 * grey stripes (the demo's shot, seed 7) as a 16-frame 64 × 64 clip, the model's own size, with
 * the star's five tips placed on frame 0 and tracked through the clip from the world's ground
 * truth, so that the next step can be Swap Subject…. Made by the {@code sample} and {@code import}
 * batch jobs and the point-set store in a hidden sibling folder, then renamed into place: a
 * failure or a cancel leaves no half-made project that would later reopen as broken.
 */
public final class SampleProject {

    /** The project folder's name under its parent. */
    public static final String FOLDER_NAME = "Sample Project";
    /** A system property naming the parent folder instead of {@code ~/VideoSwap} (tests set it). */
    public static final String PARENT_PROPERTY = "vswap.sampleProject.parent";
    public static final String SHOT = "sample";
    public static final String CLIP = "main";
    /** The demo's shot: seed 7 moves the star along the path the README's pictures show. */
    public static final long SEED = 7;
    public static final SampleSpec SPEC = new SampleSpec(SubjectShape.STAR, SubjectColor.RED, BackgroundPattern.STRIPES,
            BackgroundColor.GREY);
    /** The built-in sample model's own clip: 16 frames of 64 × 64. */
    public static final int SIZE = 64;
    public static final int FRAMES = 16;
    /** The source video inside the project, with the world's truth beside it. */
    static final String VIDEO = "source/sample-shot.mkv";
    /** The point editor's first colours, so the tips look as if placed there. */
    private static final int[] COLOURS = { 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231 };
    private static final String PARTIAL = "." + FOLDER_NAME + ".partial-";
    /** A partial folder this old is left over from a crash (a build takes seconds), not one in the making. */
    private static final Duration STALE = Duration.ofMinutes(10);

    /** What {@link #openOrCreate} did. */
    public record Outcome(Path folder, boolean created) {
    }

    private final BatchJobType sampleJob;
    private final BatchJobType importJob;
    private final ProjectStore store;
    private final PointSetStore pointSets;

    public SampleProject(BatchJobType sampleJob, BatchJobType importJob, ProjectStore store, PointSetStore pointSets) {
        this.sampleJob = sampleJob;
        this.importJob = importJob;
        this.store = store;
        this.pointSets = pointSets;
    }

    /** {@code ~/VideoSwap}, or the folder {@value #PARENT_PROPERTY} names. */
    public static Path defaultParent() {
        String p = System.getProperty(PARENT_PROPERTY, "");
        return p.isBlank() ? io.vswap.ui.api.ProjectsFolder.home() : Path.of(p);
    }

    /** The sample clip, as the world renders it: the frames and the truth the project is made from. */
    public static SampleClip clip() {
        return SampleWorld.clip(SEED, SIZE, FRAMES, SPEC);
    }

    /**
     * The folder of the sample project under {@code parent}, made first when it is not there; an
     * existing one is reopened as it is (with whatever points and renders the user has added).
     *
     * @throws SampleProjectException in words: the folder holds something else or a project that
     *         cannot be read, the parent cannot be written, the disk is full
     */
    public Outcome openOrCreate(Path parent, IProgressMonitor monitor) throws SampleProjectException {
        Path folder = parent.toAbsolutePath().normalize().resolve(FOLDER_NAME);
        if (Files.exists(folder.resolve(Project.PROJECT_FILE))) {
            try {
                store.open(folder);
                return new Outcome(folder, false);
            } catch (IOException | ProjectFormatException e) {
                throw new SampleProjectException(folder + " holds a project that cannot be read (" + e.getMessage()
                        + "). Move it aside or delete it, then open the sample project again.", e);
            }
        }
        if (Files.exists(folder) && !isEmptyFolder(folder)) {
            throw new SampleProjectException(folder + " already exists and holds no VideoSwap project. Rename it or "
                    + "move it aside, then open the sample project again.", null);
        }
        try {
            create(parent.toAbsolutePath().normalize(), folder, monitor);
        } catch (IOException e) {
            throw new SampleProjectException(SampleProjectException.words(e, folder), e);
        }
        return new Outcome(folder, true);
    }

    private void create(Path parent, Path folder, IProgressMonitor monitor) throws IOException, SampleProjectException {
        SubMonitor sub = SubMonitor.convert(monitor, "Making the sample project", 100);
        Files.createDirectories(parent);
        removeStalePartials(parent);
        // not createTempDirectory: its folder is private (0700), and the project would stay so once renamed
        Path partial = Files.createDirectory(parent.resolve(PARTIAL + java.util.UUID.randomUUID()));
        boolean placed = false;
        try {
            Path video = partial.resolve(VIDEO);
            run(sampleJob, sampleSpec(video), partial, sub.split(30));
            run(importJob, importSpec(video, partial), partial, sub.split(30));
            Project project = store.open(partial);
            Shot shot = project.shots().get(0);
            // A shot refers to its video by absolute path: point it where the video will be once renamed.
            Shot moved = new Shot(shot.id(), shot.name(), folder.resolve(VIDEO), shot.codec(), shot.probe(),
                    shot.clips());
            project = project.withShot(moved);
            store.save(project);
            pointSets.save(project, moved, trackedTips(clip()));
            sub.worked(30);
            checkCanceled(sub);
            if (isEmptyFolder(folder)) {
                Files.delete(folder); // an empty folder of that name (made by hand): the project takes its place
            }
            move(partial, folder);
            placed = true;
            sub.worked(10);
        } catch (ProjectFormatException e) {
            throw new IOException("the project just made does not read back: " + e.getMessage(), e);
        } catch (SampleProjectException | IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) { // a batch job's own failure (a spec error would be a bug of this class)
            throw new IOException(e.getMessage(), e);
        } finally {
            if (!placed) {
                AtomicFolder.deleteTree(partial);
            }
        }
    }

    /**
     * The star's five tips as the clip's point set: each placed on frame 0 and tracked, its
     * trajectory the world's truth (visible where the tip is inside the frame).
     */
    public static PointSet trackedTips(SampleClip clip) {
        PointSet set = PointSet.empty(CLIP, clip.frameCount(), clip.size(), clip.size());
        int k = 0;
        for (Map.Entry<String, double[][]> e : clip.points().entrySet()) {
            double[][] t = e.getValue();
            double[] x = new double[t.length];
            double[] y = new double[t.length];
            boolean[] visible = new boolean[t.length];
            float[] confidence = new float[t.length];
            for (int f = 0; f < t.length; f++) {
                x[f] = t[f][0];
                y[f] = t[f][1];
                visible[f] = t[f][2] > 0;
                confidence[f] = visible[f] ? 1 : 0;
            }
            set = set.withPoint(new SemanticPoint(e.getKey(), COLOURS[k++ % COLOURS.length],
                    List.of(new Keyframe(0, x[0], y[0])), new Trajectory(x, y, visible, confidence)));
        }
        return set;
    }

    private static String sampleSpec(Path video) {
        JsonObject job = new JsonObject();
        job.addProperty("type", "sample");
        job.addProperty("output", video.toString());
        job.addProperty("seed", SEED);
        job.addProperty("size", SIZE);
        job.addProperty("frames", FRAMES);
        job.addProperty("shape", SPEC.shape().word());
        job.addProperty("color", SPEC.color().word());
        job.addProperty("pattern", SPEC.pattern().word());
        job.addProperty("background", SPEC.background().word());
        return job.toString();
    }

    private static String importSpec(Path video, Path project) {
        JsonObject clip = new JsonObject();
        clip.addProperty("name", CLIP);
        clip.addProperty("start", 0);
        clip.addProperty("frames", FRAMES);
        clip.addProperty("stride", 1);
        clip.addProperty("size", SIZE + "x" + SIZE);
        JsonObject job = new JsonObject();
        job.addProperty("type", "import");
        job.addProperty("video", video.toString());
        job.addProperty("project", project.toString());
        job.addProperty("projectName", FOLDER_NAME);
        job.addProperty("shot", SHOT);
        job.add("clip", clip);
        return job.toString();
    }

    private static void run(BatchJobType type, String json, Path base, IProgressMonitor monitor) throws Exception {
        type.parse(JobSpecs.fromJson(json, base)).run(monitor);
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) { // never for a sibling; kept for odd file systems
            Files.move(from, to);
        }
    }

    private static boolean isEmptyFolder(Path folder) throws SampleProjectException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new SampleProjectException(SampleProjectException.words(e, folder), e);
        }
    }

    /** Partial folders a crashed run left behind (hidden, so never shown as projects). */
    private static void removeStalePartials(Path parent) throws IOException {
        List<Path> stale = new ArrayList<>();
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, PARTIAL + "*")) {
            for (Path p : s) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(before)) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            AtomicFolder.deleteTree(p);
        }
    }
}
