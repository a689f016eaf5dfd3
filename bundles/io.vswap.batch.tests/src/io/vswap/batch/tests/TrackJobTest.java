package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.Position;
import io.vswap.points.internal.synthetic.SubjectMotion;
import io.vswap.points.internal.synthetic.SyntheticClip;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/** The "track" job from a spec: points placed by name on a keyframe end up tracked and saved. */
class TrackJobTest {

    @TempDir
    Path dir;

    @Test
    void tracksNamedPointsFromASpec() throws Exception {
        SyntheticClip clip = SyntheticClip.render(SubjectMotion.Kind.ROTATION, 21, 256, 12, false);
        Path video = dir.resolve("subject.mkv");
        FrameWriter w = BatchRun.service(VideoCodecRegistry.class).byId("ffmpeg").orElseThrow()
                .openWriter(video, new EncodeSettings(VideoFormat.FFV1_MKV, 256, 256, 24));
        for (RgbFrame f : clip.frames()) {
            w.write(f);
        }
        w.close();
        List<Position> starts = clip.subjectPoints(3, 24, 21);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < starts.size(); i++) {
            points.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"p%d\": {\"x\": %.3f, \"y\": %.3f}", i,
                    starts.get(i).x(), starts.get(i).y()));
        }
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "subject.mkv", "project": "proj", "shot": "subject",
                   "clip": {"name": "main", "start": 0, "frames": 12, "stride": 1, "size": "256x256"}},
                  {"type": "track", "project": "proj", "shot": "subject", "keyframe": 0, "points": {%s}}
                ]}""".formatted(points));
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("3 point(s) tracked through 12 frames"), r.out);

        Project project = BatchRun.service(ProjectStore.class).open(dir.resolve("proj"));
        Shot shot = project.shots().get(0);
        PointSet set = BatchRun.service(PointSetStore.class).load(project, shot, "main").orElseThrow();
        assertEquals(List.of("p0", "p1", "p2"), set.pointNames());
        for (int i = 0; i < starts.size(); i++) {
            Position truth = clip.truth(11, starts.get(i));
            Position got = set.point("p" + i).orElseThrow().tracked().orElseThrow().position(11);
            double err = Math.hypot(truth.x() - got.x(), truth.y() - got.y());
            assertTrue(err < 1.0, "p" + i + " on the last frame is " + err + " px from the truth");
        }
    }

    @Test
    void pointsMustBeObjectsWithXAndY() throws Exception {
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "track", "project": "proj", "shot": "s", "points": {"nose": {"x": 3}}}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.contains("points.nose.y"), r.err);
    }

    /** A points file whose fields have the wrong type said in words (it was "FAILED: JsonObject"). */
    @Test
    void aPointsFileWithAWrongTypedFieldIsRefusedInWords() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("pts.json"), "{\"nose\": {\"x\": {\"deep\": 1}, \"y\": 2}}");
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "track", "project": "proj", "shot": "s", "points": "pts.json"}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.contains("is not a points file this version reads: a field is missing or of the wrong type"),
                r.err);
        assertTrue(!r.err.contains("JsonObject"), r.err);
    }

    /** A points file that is not there yet (a sample an earlier job of the same spec would write) is said to be missing. */
    @Test
    void aPointsFileNotYetWrittenIsSaidToBeMissing() throws Exception {
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "track", "project": "proj", "shot": "s", "points": "samples/s7.truth.json"}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(2, r.exitCode, r.out + r.err);
        assertTrue(r.err.contains("s7.truth.json does not exist: write it first"), r.err);
    }
}
