package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.ClipPointTracking;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.Position;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.testing.TestServices;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoFormat;

/** The batch "track" call: a real project, a real video, frames through the clip cache, a saved file. */
class ClipPointTrackingTest {

    @TempDir
    Path dir;

    @Test
    void tracksAClipOfAProjectAndSavesItsPoints() throws Exception {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION, 9, 512, 16, false);
        Path video = dir.resolve("subject.mkv");
        SyntheticClips.roundTrip(clip.frames(), VideoFormat.FFV1_MKV, video);
        ProjectStore projects = TestServices.await(ProjectStore.class);
        Project project = projects.create(dir.resolve("project"), "Points");
        project = projects.importShot(project, video, "Subject", "main",
                new ClipSettings(0, 16, 1, new CropRect(0, 0, 512, 512), true, 512, 512), new NullProgressMonitor());
        Shot shot = project.shots().get(0);

        List<Position> starts = clip.subjectPoints(6, 30, 9);
        Map<String, Position> placed = new LinkedHashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            placed.put("point " + i, starts.get(i));
        }
        Path saved = TestServices.await(ClipPointTracking.class).trackAndSave(project, shot, shot.clip("main").orElseThrow(),
                0, placed, new NullProgressMonitor());

        PointSetStore store = TestServices.await(PointSetStore.class);
        assertEquals(store.file(project, shot, "main"), saved);
        PointSet loaded = store.read(saved);
        assertEquals(List.copyOf(placed.keySet()), loaded.pointNames());
        assertTrue(loaded.isTracked());
        TrackScore s = TrackScore.of(clip, starts, loaded);
        System.out.println("batch track (FFV1 source through the clip cache): " + s.summary());
        assertTrue(s.mean() < 0.5, s.summary());
    }
}
