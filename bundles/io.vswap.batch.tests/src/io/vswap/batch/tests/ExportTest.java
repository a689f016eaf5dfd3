package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.testing.Ffmpeg;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoProbe;

/** The export job writes a playable H.264 deliverable of the clip and a contact sheet. */
class ExportTest {

    @TempDir
    Path dir;

    @Test
    void exportsTheClipAsMp4AndASheet() throws Exception {
        ImportPrepareTest.makeVideo(dir.resolve("plane.mkv"), 48);
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "plane.mkv", "project": "proj", "shot": "plane",
                   "clip": {"name": "main", "start": 0, "frames": 8, "stride": 4, "size": "96x96"}},
                  {"type": "export", "project": "proj", "shot": "plane"}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(0, r.exitCode, r.err);
        Path mp4 = dir.resolve("proj/renders/plane-main.mp4");
        assertTrue(Files.isRegularFile(mp4), r.out);

        VideoCodecRegistry codecs = BatchRun.service(VideoCodecRegistry.class);
        VideoProbe probe = codecs.codecFor(mp4).probe(mp4);
        assertEquals("h264", probe.codec());
        assertEquals(8, probe.frameCount());
        assertEquals(96, probe.width());
        assertEquals(6.0, probe.frameRate(), 1e-6, "24 fps at stride 4");
        try (FrameReader reader = codecs.codecFor(mp4).openReader(mp4)) {
            // 160×96 centre-cropped to 96×96 (x from 32); the square's left edge is 2·(source frame) − 32
            assertEquals(0, squareLeft(reader.read(4)), 2.0, "clip frame 4 = source frame 16");
            assertEquals(24, squareLeft(reader.read(7)), 2.0, "clip frame 7 = source frame 28");
        }

        BufferedImage sheet = ImageIO.read(dir.resolve("proj/renders/plane-main-sheet.png").toFile());
        assertTrue(sheet.getWidth() >= 4 * 24 && sheet.getHeight() >= 2 * 24, sheet.getWidth() + "x" + sheet.getHeight());
    }

    private static int squareLeft(RgbFrame f) {
        int y = f.height() / 2;
        for (int x = 0; x < f.width(); x++) {
            int[] p = f.pixel(x, y);
            if (p[0] > 220 && p[1] > 220 && p[2] > 220) {
                return x;
            }
        }
        return -1;
    }

    @Test
    void theExportCarriesTheSourcesAudioUnlessToldNotTo() throws Exception {
        Path video = dir.resolve("sound.mp4");
        Ffmpeg.write(video, "-f", "lavfi", "-i", "testsrc=s=96x64:r=25:d=3",
                "-f", "lavfi", "-i", "sine=f=440:d=3:sample_rate=48000", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-c:a", "aac");
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "sound.mp4", "project": "proj", "shot": "s",
                   "clip": {"name": "main", "start": 25, "frames": 25, "stride": 1, "size": "96x64"}},
                  {"type": "export", "project": "proj", "shot": "s"},
                  {"type": "export", "project": "proj", "shot": "s", "output": "silent.mp4", "audio": false}
                ]}""");
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("the source's audio copied") && r.out.contains("audio left out"), r.out);
        VideoCodecRegistry codecs = BatchRun.service(VideoCodecRegistry.class);
        VideoProbe withSound = codecs.codecFor(video).probe(dir.resolve("proj/renders/s-main.mp4"));
        assertEquals(1, withSound.audio().size(), withSound.summary());
        // one second of sound for the clip's second of pictures (whole AAC packets: within one frame)
        assertEquals(1.0, withSound.audio().get(0).durationSeconds(), 0.04, withSound.summary());
        assertEquals(List.of(), codecs.codecFor(video).probe(dir.resolve("silent.mp4")).audio());
    }
}
