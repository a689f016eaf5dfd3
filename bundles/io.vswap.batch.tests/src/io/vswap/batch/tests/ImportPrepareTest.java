package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.internal.BatchCommand;
import io.vswap.testing.Ffmpeg;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/** Real runs: a video made here with the FFmpeg codec, imported and prepared through a spec. */
class ImportPrepareTest {

    @TempDir
    Path dir;

    /** A 48-frame 160×96 clip: a white square moving right over a gradient, so frames differ. */
    static Path makeVideo(Path target, int frames) throws Exception {
        VideoCodec ffmpeg = BatchRun.service(VideoCodecRegistry.class).byId("ffmpeg")
                .orElseThrow(() -> new AssertionError("no codec \"ffmpeg\" registered"));
        int w = 160;
        int h = 96;
        FrameWriter writer = ffmpeg.openWriter(target, new EncodeSettings(VideoFormat.FFV1_MKV, w, h, 24));
        try {
            for (int i = 0; i < frames; i++) {
                byte[] rgb = new byte[w * h * 3];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = (y * w + x) * 3;
                        boolean square = x >= 2 * i && x < 2 * i + 20 && y >= 30 && y < 50;
                        rgb[p] = (byte) (square ? 255 : x);
                        rgb[p + 1] = (byte) (square ? 255 : y * 2);
                        rgb[p + 2] = (byte) (square ? 255 : 80);
                    }
                }
                writer.write(new RgbFrame(i, w, h, rgb));
            }
            writer.close();
        } catch (Exception e) {
            writer.abort();
            throw e;
        }
        return target;
    }

    @Test
    void importThenPrepare() throws Exception {
        makeVideo(dir.resolve("plane.mkv"), 48);
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "plane.mkv", "project": "out/proj", "projectName": "Planes",
                   "shot": "plane", "clip": {"name": "main", "start": 2, "frames": 8, "stride": 3, "size": "96x64",
                                             "crop": {"x": 8, "y": 0, "width": 144, "height": 96}}},
                  {"type": "prepare", "project": "out/proj", "shot": "plane", "clip": "main"}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("[1/2] ok") && r.out.contains("[2/2] ok"), r.out);
        assertTrue(r.out.contains("160×96") && r.out.contains("48 frames"), "import reports the probe: " + r.out);
        assertTrue(r.err.contains("100%"), "progress is printed as lines when not a terminal: " + r.err);
        assertTrue(r.err.contains("Summary"), r.err);

        // what the batch wrote is a project the store reads back, with the clip as asked
        ProjectStore store = BatchRun.service(ProjectStore.class);
        Project project = store.open(dir.resolve("out/proj"));
        assertEquals("Planes", project.name());
        Shot shot = project.shots().get(0);
        assertEquals("plane", shot.name());
        assertEquals(48, shot.probe().frameCount());
        var settings = shot.clip("main").orElseThrow().settings();
        assertEquals(2, settings.startFrame());
        assertEquals(8, settings.frameCount());
        assertEquals(3, settings.stride());
        assertEquals(96, settings.outputWidth());
        assertEquals(64, settings.outputHeight());
        assertEquals(8, settings.crop().x());
        assertTrue(settings.userCrop());

        // and prepare filled the cache: reading the clip back decodes what was cached
        List<RgbFrame> frames = store.readClipFrames(project, shot, shot.clip("main").orElseThrow(),
                new NullProgressMonitor());
        assertEquals(8, frames.size());
        assertEquals(96, frames.get(0).width());
        assertTrue(cacheFiles(project).stream().anyMatch(p -> p.toString().endsWith(".mkv")),
                "a cached clip file: " + cacheFiles(project));
    }

    @Test
    void aClipCanStartAtATimeOnAVariableRateSource() throws Exception {
        // two frames skipped after every five: frame N is shown at (N + 2·⌊N/5⌋) / 25 s
        Path video = dir.resolve("vfr.mkv");
        Ffmpeg.write(video, "-f", "lavfi", "-i",
                "testsrc=s=96x64:r=25:d=4", "-vf", "setpts=N+2*floor(N/5)", "-fps_mode", "passthrough", "-c:v",
                "ffv1");
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "vfr.mkv", "project": "a", "clip": {"startTime": 1.2, "frames": 4,
                   "stride": 1, "size": "96x64"}},
                  {"type": "import", "video": "vfr.mkv", "project": "b", "clip": {"startTime": "00:01.28",
                   "frames": 4, "stride": 1, "size": "96x64"}}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(0, r.exitCode, r.err + r.out);
        assertTrue(r.out.contains("variable rate"), r.out);
        ProjectStore store = BatchRun.service(ProjectStore.class);
        // 1.2 s is frame 22's time (22 + 8 = 30 ticks), not frame 30 as a constant 25 fps would say
        assertEquals(22, store.open(dir.resolve("a")).shots().get(0).clips().get(0).settings().startFrame());
        // a time as minutes:seconds: 1.28 s is frame 24's (24 + 8 = 32 ticks)
        assertEquals(24, store.open(dir.resolve("b")).shots().get(0).clips().get(0).settings().startFrame());

        Path both = BatchRun.writeSpec(dir, """
                {"jobs": [{"type": "import", "video": "vfr.mkv", "project": "c", "clip": {"start": 3, "startTime": 1}}]}""");
        BatchRun refused = BatchRun.run(both.toString());
        assertTrue(refused.exitCode != 0 && refused.err.contains("either start"), refused.err);
    }

    @Test
    void failingJobNamesTheFileAndSkipsTheRest() throws Exception {
        Path spec = BatchRun.writeSpec(dir, """
                {"jobs": [
                  {"type": "import", "video": "missing.mp4", "project": "proj"},
                  {"type": "prepare", "project": "proj", "shot": "missing"}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(BatchCommand.EXIT_JOB_FAILED, r.exitCode);
        assertTrue(r.err.contains("[1/2] FAILED") && r.err.contains("missing.mp4"), r.err);
        assertTrue(r.err.contains("skipped"), "the prepare after it is skipped: " + r.err);
        assertFalse(Files.exists(dir.resolve("proj")), "a failed import leaves no project behind");
    }

    @Test
    void outOfRangeClipIsAClearFailure() throws Exception {
        makeVideo(dir.resolve("short.mkv"), 10);
        Path spec = BatchRun.writeSpec(dir, """
                {"jobs": [{"type": "import", "video": "short.mkv", "project": "proj", "clip": {"frames": 16, "stride": 4}}]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(BatchCommand.EXIT_JOB_FAILED, r.exitCode);
        assertTrue(r.err.contains("short.mkv") && r.err.contains("10"), r.err);
        assertFalse(Files.exists(dir.resolve("proj")), "nothing is written for a clip that does not fit");
    }

    @Test
    void cancelDuringPrepareLeavesNoPartialFile() throws Exception {
        makeVideo(dir.resolve("long.mkv"), 120);
        Path spec = BatchRun.writeSpec(dir, """
                {"jobs": [
                  {"type": "import", "video": "long.mkv", "project": "proj", "shot": "s",
                   "clip": {"frames": 120, "stride": 1, "size": "512x512"}},
                  {"type": "prepare", "project": "proj", "shot": "s"}
                ]}""");
        AtomicBoolean cancelledMidway = new AtomicBoolean();
        // Ctrl-C as soon as the prepare job reports progress past its start
        BatchRun r = BatchRun.run((line, command) -> {
            if (line.startsWith("[2/2] ") && line.matches("\\[2/2\\] [1-9]0%.*")) {
                cancelledMidway.set(true);
                command.cancel();
            }
        }, spec.toString());
        assertTrue(cancelledMidway.get(), "prepare should report progress in steps of 10 %: " + r.err);
        assertEquals(BatchCommand.EXIT_CANCELLED, r.exitCode, r.err);
        assertTrue(r.err.contains("cancelled"), r.err);
        Project project = BatchRun.service(ProjectStore.class).open(dir.resolve("proj"));
        assertEquals(List.of(), cacheFiles(project), "a cancelled prepare leaves nothing in the cache");
    }

    private static List<Path> cacheFiles(Project project) throws IOException {
        if (!Files.exists(project.cacheFolder())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(project.cacheFolder())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
