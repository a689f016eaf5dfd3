package io.vswap.welcome.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.samples.api.SampleClip;
import io.vswap.testing.TestServices;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.welcome.internal.sample.SampleProject;
import io.vswap.welcome.internal.sample.SampleProjectException;
import io.vswap.welcome.internal.sample.SampleServices;

/**
 * The sample project without the workbench: made whole or not at all (a failure or a cancel
 * leaves nothing), reopened as it is, what is in the way refused in words.
 */
class SampleProjectTest {

    @TempDir
    Path home;

    private static SampleProject maker() throws Exception {
        return TestServices.await(SampleServices.class).sampleProject();
    }

    @Test
    void madeWithTheStarsTrackedTipsThenReopenedAsItIs() throws Exception {
        SampleProject.Outcome made = maker().openOrCreate(home, new NullProgressMonitor());
        Path folder = home.resolve(SampleProject.FOLDER_NAME);
        assertEquals(new SampleProject.Outcome(folder, true), made);
        assertEquals(List.of(SampleProject.FOLDER_NAME), names(home), "no partial folder left beside it");
        Path byHand = Files.createDirectory(home.resolve("by hand"));
        assertEquals(Files.getPosixFilePermissions(byHand), Files.getPosixFilePermissions(folder),
                "made as a folder made by hand there would be (not private like a temporary folder)");
        Files.delete(byHand);

        ProjectStore store = TestServices.await(ProjectStore.class);
        Project project = store.open(folder);
        var shot = project.shots().get(0);
        assertEquals(SampleProject.SHOT, shot.name());
        assertEquals(folder.resolve("source/sample-shot.mkv"), shot.source());
        // the clip's frames are the world's own (lossless FFV1, imported at the model's size)
        List<RgbFrame> frames = store.readClipFrames(project, shot, shot.clip(SampleProject.CLIP).orElseThrow(),
                new NullProgressMonitor());
        SampleClip world = SampleProject.clip();
        assertEquals(16, frames.size());
        assertEquals(64, frames.get(0).width());
        assertTrue(java.util.Arrays.equals(world.frameRgb(5), frames.get(5).rgb()), "frame 5 as the world draws it");
        PointSet points = TestServices.await(PointSetStore.class).load(project, shot, SampleProject.CLIP).orElseThrow();
        PointSet truth = SampleProject.trackedTips(world);
        assertEquals(truth.pointNames(), points.pointNames());
        for (int k = 0; k < truth.points().size(); k++) {
            var expected = truth.points().get(k);
            var saved = points.points().get(k);
            assertEquals(expected.keyframes(), saved.keyframes(), expected.name());
            assertTrue(java.util.Arrays.equals(expected.trajectory().visibility(), saved.trajectory().visibility()));
            for (int f = 0; f < 16; f++) { // the store keeps a thousandth of a pixel
                assertEquals(expected.trajectory().x(f), saved.trajectory().x(f), 5e-4, expected.name() + " x, frame " + f);
                assertEquals(expected.trajectory().y(f), saved.trajectory().y(f), 5e-4, expected.name() + " y, frame " + f);
            }
        }
        double[] tip = world.points().get(points.pointNames().get(0))[9];
        assertEquals(tip[0], points.points().get(0).trajectory().x(9), 5e-4, "the truth on frame 9");

        // a user's own work in it stays: reopened, not made again
        Files.writeString(folder.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
        assertEquals(new SampleProject.Outcome(folder, false), maker().openOrCreate(home, new NullProgressMonitor()));
        assertEquals("mine", Files.readString(folder.resolve("notes.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void aCancelLeavesNothing() throws Exception {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> maker().openOrCreate(home, cancelled));
        assertEquals(List.of(), names(home));
    }

    @Test
    void whatIsInTheWayIsRefusedInWordsAndLeftAsItWas() throws Exception {
        Path file = Files.writeString(home.resolve("not a folder"), "x", StandardCharsets.UTF_8);
        SampleProjectException e = assertThrows(SampleProjectException.class,
                () -> maker().openOrCreate(file, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("a file is in the way"), e.getMessage());

        Path other = Files.createDirectories(home.resolve("other").resolve(SampleProject.FOLDER_NAME));
        Files.writeString(other.resolve("holiday.mp4"), "x", StandardCharsets.UTF_8);
        e = assertThrows(SampleProjectException.class,
                () -> maker().openOrCreate(other.getParent(), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("holds no VideoSwap project"), e.getMessage());
        assertEquals(List.of("holiday.mp4"), names(other));

        Path damaged = Files.createDirectories(home.resolve("damaged").resolve(SampleProject.FOLDER_NAME));
        Files.writeString(damaged.resolve(Project.PROJECT_FILE), "{\"version\": ", StandardCharsets.UTF_8);
        e = assertThrows(SampleProjectException.class,
                () -> maker().openOrCreate(damaged.getParent(), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("cannot be read") && e.getMessage().contains("Move it aside"),
                e.getMessage());
        assertEquals("{\"version\": ", Files.readString(damaged.resolve(Project.PROJECT_FILE)), "left as it was");
    }

    @Test
    void aFullDiskAndAReadOnlyFolderAreSaidInWords() {
        Path folder = home.resolve(SampleProject.FOLDER_NAME);
        String full = SampleProjectException.words(new Exception("writing the render failed",
                new FileSystemException(folder.toString(), null, "No space left on device")), folder);
        assertTrue(full.contains("the disk is full") && full.contains("Nothing was left behind"), full);
        String readOnly = SampleProjectException.words(new AccessDeniedException(home.toString()), folder);
        assertTrue(readOnly.contains("cannot be written") && readOnly.contains(home.toString()), readOnly);
        String other = SampleProjectException.words(new java.io.IOException("Input/output error"), folder);
        assertTrue(other.contains("Input/output error"), other);
        assertFalse(other.contains("disk is full"), other);
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
