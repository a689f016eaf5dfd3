package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameSource;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/** {@link VideoCodecRegistry#writeVideo}: the renders' one way to write frames, whole or not at all. */
class WriteVideoTest {

    static List<RgbFrame> frames(int n) {
        List<RgbFrame> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(TestVideos.frame(i, 64, 48));
        }
        return l;
    }

    @Test
    void writesEveryFrameLosslesslyInFfv1(@TempDir Path dir) throws Exception {
        VideoCodecRegistry codecs = TestVideos.service(VideoCodecRegistry.class);
        Path mkv = dir.resolve("out.mkv");
        List<RgbFrame> frames = frames(6);
        codecs.writeVideo(mkv, VideoFormat.FFV1_MKV, frames, 12, null);
        try (FrameReader r = codecs.codecFor(mkv).openReader(mkv)) {
            assertEquals(6, r.probe().frameCount());
            for (RgbFrame f : frames) {
                assertArrayEquals(f.rgb(), r.next().rgb(), "frame " + f.index());
            }
        }
    }

    @Test
    void writesTheFramesASourceHandsOverOneAtATime(@TempDir Path dir) throws Exception {
        VideoCodecRegistry codecs = TestVideos.service(VideoCodecRegistry.class);
        Path mkv = dir.resolve("streamed.mkv");
        List<RgbFrame> frames = frames(5);
        int[] pulled = { 0 };
        FrameSource source = () -> pulled[0] < 5 ? frames.get(pulled[0]++) : null;
        assertEquals(5, codecs.writeVideo(mkv, new EncodeSettings(VideoFormat.FFV1_MKV, 64, 48, 12), source, 5, null));
        try (FrameReader r = codecs.codecFor(mkv).openReader(mkv)) {
            for (RgbFrame f : frames) {
                assertArrayEquals(f.rgb(), r.next().rgb(), "frame " + f.index());
            }
            assertNull(r.next());
        }
        Path none = dir.resolve("none.mkv");
        assertThrows(IllegalArgumentException.class, () -> codecs.writeVideo(none,
                new EncodeSettings(VideoFormat.FFV1_MKV, 64, 48, 12), () -> null, 0, null));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(mkv), listing.toList(), "an empty source leaves no file, not even a temporary");
        }
    }

    @Test
    void aCancelLeavesTheExistingFileAsItWasAndNoTemporaries(@TempDir Path dir) throws Exception {
        VideoCodecRegistry codecs = TestVideos.service(VideoCodecRegistry.class);
        Path mp4 = dir.resolve("render.mp4");
        codecs.writeVideo(mp4, VideoFormat.H264_MP4, frames(4), 12, null);
        byte[] before = Files.readAllBytes(mp4);
        NullProgressMonitor cancelAfterTwo = new NullProgressMonitor() {
            int worked;

            @Override
            public void worked(int work) {
                if (++worked == 2) {
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class,
                () -> codecs.writeVideo(mp4, VideoFormat.H264_MP4, frames(8), 12, cancelAfterTwo));
        assertArrayEquals(before, Files.readAllBytes(mp4), "the earlier render is untouched");
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(mp4), listing.toList(), "no temporary file left");
        }
        Path absent = dir.resolve("never.mkv");
        assertThrows(IllegalArgumentException.class,
                () -> codecs.writeVideo(absent, VideoFormat.FFV1_MKV, List.of(), 12, null));
        assertFalse(Files.exists(absent));
        assertTrue(Files.size(mp4) > 0);
    }
}
