package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/** The FFmpeg codec on real files it writes and reads back. */
class FfmpegCodecTest {

    @TempDir
    Path dir;

    @Test
    void probesAnH264Mp4() throws Exception {
        Path mp4 = TestVideos.write(dir.resolve("a.mp4"), VideoFormat.H264_MP4, 320, 240, 50, 25);
        VideoProbe p = TestVideos.ffmpeg().probe(mp4);
        assertEquals(320, p.width());
        assertEquals(240, p.height());
        assertEquals(25.0, p.frameRate(), 1e-6);
        assertEquals(50, p.frameCount());
        assertEquals(2.0, p.durationSeconds(), 0.05);
        assertEquals("h264", p.codec());
        assertEquals("yuv420p", p.pixelFormat());
        assertEquals(0, p.rotationDegrees());
    }

    @Test
    void decodesH264FramesInOrderAndCloseToTheSource() throws Exception {
        Path mp4 = TestVideos.write(dir.resolve("b.mp4"), VideoFormat.H264_MP4, 320, 240, 40, 25);
        try (FrameReader r = TestVideos.ffmpeg().openReader(mp4)) {
            int n = 0;
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                assertEquals(n, f.index());
                assertEquals(n, TestVideos.decodeIndex(f), "pattern of frame " + n);
                double diff = TestVideos.meanAbsDiff(f, TestVideos.frame(n, 320, 240));
                assertTrue(diff < 4.0, "frame " + n + " differs from its source by " + diff);
                n++;
            }
            assertEquals(40, n);
        }
    }

    @Test
    void ffv1IsLossless() throws Exception {
        Path mkv = TestVideos.write(dir.resolve("c.mkv"), VideoFormat.FFV1_MKV, 96, 64, 12, 24);
        VideoProbe p = TestVideos.ffmpeg().probe(mkv);
        assertEquals("ffv1", p.codec());
        assertEquals(12, p.frameCount(), "Matroska stores no count: frames are counted");
        try (FrameReader r = TestVideos.ffmpeg().openReader(mkv)) {
            for (int i = 0; i < 12; i++) {
                assertArrayEquals(TestVideos.frame(i, 96, 64).rgb(), r.next().rgb(), "frame " + i);
            }
            assertNull(r.next());
        }
    }

    @Test
    void randomAccessFindsTheAskedFrame() throws Exception {
        for (VideoFormat format : VideoFormat.values()) {
            Path file = TestVideos.write(dir.resolve("d." + format.extension()), format, 160, 128, 120, 30);
            try (FrameReader r = TestVideos.ffmpeg().openReader(file)) {
                for (int index : new int[] { 5, 6, 100, 3, 119, 0, 64, 63 }) {
                    RgbFrame f = r.read(index);
                    assertEquals(index, f.index());
                    assertEquals(index, TestVideos.decodeIndex(f), format + " frame " + index);
                }
            }
        }
    }

    @Test
    void honoursDisplayRotationAsPlayersDo() throws Exception {
        // A phone video: coded 64×48 with a display matrix asking for a 90° turn.
        Path mp4 = dir.resolve("rotated.mp4");
        byte[] rgb = new byte[64 * 48 * 3];
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                rgb[(y * 64 + x) * 3] = (byte) 255; // red marker, top left as coded
            }
        }
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(mp4.toFile(), 64, 48, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(10);
            rec.setDisplayRotation(90);
            rec.start();
            for (int i = 0; i < 3; i++) {
                rec.recordImage(64, 48, Frame.DEPTH_UBYTE, 3, 64 * 3, avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(rgb));
            }
            rec.stop();
        }
        VideoCodec codec = TestVideos.ffmpeg();
        VideoProbe p = codec.probe(mp4);
        assertEquals(270, p.rotationDegrees(), "FFmpeg's 90° (counter-clockwise) is a 270° clockwise turn");
        assertEquals(48, p.width());
        assertEquals(64, p.height());
        try (FrameReader r = codec.openReader(mp4)) {
            RgbFrame f = r.next();
            assertEquals(48, f.width());
            // The ffmpeg command line puts the coded top-left corner at the bottom left.
            assertTrue(f.pixel(4, 60)[0] > 200 && f.pixel(4, 60)[1] < 60, "marker at bottom left");
            assertTrue(f.pixel(4, 4)[0] < 100, "no marker at top left");
        }
    }

    @Test
    void writerPublishesOnlyOnClose() throws Exception {
        Path target = dir.resolve("out.mp4");
        var w = TestVideos.ffmpeg().openWriter(target, new io.vswap.video.api.EncodeSettings(VideoFormat.H264_MP4, 64, 64, 25));
        w.write(TestVideos.frame(0, 64, 64));
        assertFalse(Files.exists(target), "nothing at the target before close");
        w.close();
        assertTrue(Files.size(target) > 0);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
