package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoProbe;

/**
 * Frame N is the N-th frame of the file in presentation order, on every container and codec a
 * studio receives: every start and stride a clip may use is read back and checked by the
 * barcode each frame carries.
 */
class FrameExactTest {

    private static final int FRAMES = 200;
    /** Starts and strides on both sides of the distance at which a reader stops decoding forward. */
    private static final int[] STARTS = { 0, 7, 61, 150, 199 };
    private static final int[] STRIDES = { 1, 3, 49, 60, 97 };

    @TempDir
    static Path dir;

    private static final List<Path> FILES = new ArrayList<>();

    @BeforeAll
    static void writeMedia() throws Exception {
        for (BarcodeMedia.Kind kind : BarcodeMedia.Kind.values()) {
            FILES.add(BarcodeMedia.write(dir, kind, FRAMES));
        }
    }

    @Test
    void everyKindOfFileHasAllItsFramesInOrder() throws Exception {
        for (Path file : FILES) {
            try (FrameReader r = TestVideos.ffmpeg().openReader(file)) {
                assertEquals(FRAMES, r.probe().frameCount(), file.getFileName() + ": " + r.probe().warnings());
                String name = file.getFileName().toString();
                if (name.equals(BarcodeMedia.Kind.MPEG4_BFRAMES_AVI.fileName)) {
                    // its frames are right by counting from the start, and the editor is told why it is slow
                    assertTrue(r.probe().warnings().stream().anyMatch(w -> w.contains("does not time its frames")),
                            r.probe().warnings()::toString);
                } else if (!name.equals(BarcodeMedia.Kind.MPEG4_VFR_AVI.fileName)) {
                    assertEquals(List.of(), r.probe().warnings(), name + " is a healthy file");
                }
                for (int i = 0; i < FRAMES; i++) {
                    RgbFrame f = r.next();
                    assertEquals(i, f.index(), file.getFileName().toString());
                    assertEquals(i, TestVideos.decodeIndex(f), file.getFileName() + " frame " + i);
                }
                assertEquals(null, r.next(), file.getFileName() + " ends after its frames");
            }
        }
    }

    @Test
    void everyStartAndStrideReadsTheFramesItNames() throws Exception {
        for (Path file : FILES) {
            for (int start : STARTS) {
                for (int stride : STRIDES) {
                    // a clip's reader: one per clip, reading start, start + stride, … in order
                    try (FrameReader r = TestVideos.ffmpeg().openReader(file)) {
                        for (int i = start; i < FRAMES && i < start + 4 * stride; i += stride) {
                            assertEquals(i, TestVideos.decodeIndex(r.read(i)),
                                    file.getFileName() + " start " + start + " stride " + stride);
                        }
                    }
                }
            }
        }
    }

    @Test
    void randomOrderOnOneReaderFindsEachFrame() throws Exception {
        int[] order = { 150, 3, 199, 120, 119, 121, 0, 61, 180, 179, 48, 190 };
        for (Path file : FILES) {
            try (FrameReader r = TestVideos.ffmpeg().openReader(file)) {
                for (int i : order) {
                    assertEquals(i, TestVideos.decodeIndex(r.read(i)), file.getFileName() + " frame " + i);
                }
            }
        }
    }

    @Test
    void variableRateFilesKeepEachFramesRealTime() throws Exception {
        Path mp4 = dir.resolve(BarcodeMedia.Kind.H264_VFR_MP4.fileName);
        try (FrameReader r = TestVideos.ffmpeg().openReader(mp4)) {
            assertTrue(r.probe().variableFrameRate(), r.probe().summary());
            for (int n : new int[] { 1, 10, 150, 199 }) {
                assertEquals((40.0 * n + Math.floor(n * n / 10.0)) / 1000, r.frameTimeSeconds(n), 1e-6, "frame " + n);
            }
            double last = (40.0 * 199 + Math.floor(199 * 199 / 10.0)) / 1000;
            assertEquals(last, r.probe().durationSeconds(), 0.11, "the last frame ends at its time plus one gap");
        }
        Path avi = dir.resolve(BarcodeMedia.Kind.MPEG4_VFR_AVI.fileName);
        try (FrameReader r = TestVideos.ffmpeg().openReader(avi)) {
            assertTrue(r.probe().variableFrameRate(), r.probe().summary());
            for (int n : new int[] { 4, 5, 6, 199 }) {
                assertEquals((n + 2 * (n / 5)) / 25.0, r.frameTimeSeconds(n), 1e-6, "frame " + n);
            }
            // the header counts the skipped chunks too
            assertTrue(r.probe().warnings().stream().anyMatch(w -> w.contains("stores " + FRAMES)), r.probe().warnings()::toString);
        }
        // Matroska stores times in milliseconds: 23.976 fps becomes gaps of 41 and 42 ms, still a constant rate
        Path mkv = BarcodeMedia.write(dir, "ffv1-23976.mkv", "24000/1001", 30, "-c:v", "ffv1");
        VideoProbe rounded = TestVideos.ffmpeg().probe(mkv);
        assertFalse(rounded.variableFrameRate(), rounded.summary());
        assertEquals(24000 / 1001.0, rounded.frameRate(), 1e-3, rounded.summary());
        try (FrameReader r = TestVideos.ffmpeg().openReader(dir.resolve(BarcodeMedia.Kind.H264_MP4.fileName))) {
            assertFalse(r.probe().variableFrameRate(), r.probe().summary());
            assertEquals(199 / 25.0, r.frameTimeSeconds(199), 1e-6);
            assertTrue(r.probe().warnings().isEmpty(), r.probe().warnings()::toString);
        }
    }

    @Test
    void aHeaderThatClaimsMoreFramesThanStoredIsNotBelieved() throws Exception {
        Path lying = BarcodeMedia.withLyingHeader(dir.resolve(BarcodeMedia.Kind.MJPEG_AVI.fileName), 4 * FRAMES);
        VideoProbe probe = TestVideos.ffmpeg().probe(lying);
        assertEquals(FRAMES, probe.frameCount());
        assertEquals(FRAMES / 25.0, probe.durationSeconds(), 1e-6);
        assertTrue(probe.warnings().stream().anyMatch(w -> w.contains("header says " + 4 * FRAMES) && w.contains("stores " + FRAMES)),
                probe.warnings()::toString);
        try (FrameReader r = TestVideos.ffmpeg().openReader(lying)) {
            assertEquals(FRAMES - 1, TestVideos.decodeIndex(r.read(FRAMES - 1)));
            VideoException e = org.junit.jupiter.api.Assertions.assertThrows(VideoException.class, () -> r.read(FRAMES));
            assertEquals(VideoException.Kind.OUT_OF_RANGE, e.kind());
        }
    }

    @Test
    void aFileCutShortGivesTheFramesItHasWithAWarning() throws Exception {
        // its index at the front, as cameras and web exports write it: the header survives the cut
        Path whole = BarcodeMedia.write(dir, "faststart.mp4", "25", FRAMES, "-c:v", "libx264", "-pix_fmt",
                "yuv420p", "-movflags", "+faststart");
        Path cut = BarcodeMedia.cutShort(whole, 0.6);
        Path log = Path.of(System.getProperty("vswap.logDir", System.getProperty("user.home") + "/.vswap/logs"),
                "ffmpeg.log");
        long logged = Files.exists(log) ? Files.size(log) : 0;
        VideoProbe probe = TestVideos.ffmpeg().probe(cut);
        assertTrue(probe.frameCount() > 0 && probe.frameCount() < FRAMES, probe.summary());
        assertTrue(probe.warnings().stream().anyMatch(w -> w.contains("cut short")), probe.warnings()::toString);
        try (FrameReader r = TestVideos.ffmpeg().openReader(cut)) {
            int n = 0;
            for (RgbFrame f; (f = r.next()) != null; n++) {
                assertEquals(n, TestVideos.decodeIndex(f), "frame " + n);
            }
            assertEquals(probe.frameCount(), n, "every frame the probe counts decodes");
            int last = probe.frameCount() - 1;
            assertEquals(last, TestVideos.decodeIndex(r.read(last)));
            assertEquals(last / 2, TestVideos.decodeIndex(r.read(last / 2)));
        }
        // FFmpeg's own complaint is kept for a bug report, in the log file rather than the terminal
        assertTrue(Files.size(log) > logged && Files.readString(log).contains("partial file"), log.toString());
    }

    @Test
    void aProResMasterCutShortIsIndexedFromItsSampleTable() throws Exception {
        // an intra-only QuickTime file is indexed without reading its pictures; the cut is still noticed
        Path whole = BarcodeMedia.write(dir, "faststart.mov", "25", 100, "-c:v", "prores_ks", "-pix_fmt",
                "yuv422p10le", "-movflags", "+faststart");
        Path cut = BarcodeMedia.cutShort(whole, 0.5);
        VideoProbe probe = TestVideos.ffmpeg().probe(cut);
        assertTrue(probe.frameCount() >= 40 && probe.frameCount() < 55, probe.summary());
        assertTrue(probe.warnings().stream().anyMatch(w -> w.contains("cut short") && w.contains("of the 100")),
                probe.warnings()::toString);
        try (FrameReader r = TestVideos.ffmpeg().openReader(cut)) {
            int last = probe.frameCount() - 1;
            assertEquals(last, TestVideos.decodeIndex(r.read(last)));
            assertEquals(3, TestVideos.decodeIndex(r.read(3)));
            assertEquals(VideoException.Kind.OUT_OF_RANGE,
                    org.junit.jupiter.api.Assertions.assertThrows(VideoException.class, () -> r.read(last + 1)).kind());
        }
    }
}
