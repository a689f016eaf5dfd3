package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/** Every kind of bad input gets its own clear error, naming the file, and damages nothing. */
class BadInputTest {

    @TempDir
    Path dir;

    private static VideoException probeFails(Path file) {
        return assertThrows(VideoException.class, () -> {
            VideoCodecRegistry registry = TestVideos.service(VideoCodecRegistry.class);
            registry.codecFor(file).probe(file);
        });
    }

    private static void assertNames(VideoException e, Path file) {
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "message names the file: " + e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nowhere.mp4");
        VideoException e = probeFails(f);
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertNames(e, f);
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.mp4"));
        VideoException e = probeFails(f);
        assertEquals(Kind.EMPTY, e.kind());
        assertNames(e, f);
    }

    @Test
    void randomBytesAreNotAVideo() throws IOException {
        byte[] junk = new byte[200_000];
        new Random(7).nextBytes(junk);
        Path f = Files.write(dir.resolve("junk.mp4"), junk);
        VideoException e = probeFails(f);
        assertEquals(Kind.NOT_A_VIDEO, e.kind());
        assertNames(e, f);
    }

    @Test
    void textFileIsNotAVideo() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.mov"), "call the client about the colour grade\n".repeat(50));
        assertEquals(Kind.NOT_A_VIDEO, probeFails(f).kind());
    }

    @Test
    void mp4CutBeforeItsIndexIsCorrupt() throws Exception {
        Path whole = TestVideos.write(dir.resolve("whole.mp4"), VideoFormat.H264_MP4, 320, 240, 60, 25);
        // Keep only the start: the box header survives, the rest does not.
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(Files.readAllBytes(whole), 600));
        VideoException e = probeFails(cut);
        assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("damaged"), e.getMessage());
        assertNames(e, cut);
    }

    @Test
    void mp4CutInItsPicturesGivesTheFramesItHasAndSaysSo() throws Exception {
        Path whole = TestVideos.write(dir.resolve("whole.mp4"), VideoFormat.H264_MP4, 320, 240, 60, 25);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("half.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        try (FrameReader r = TestVideos.ffmpeg().openReader(cut)) {
            int stored = r.probe().frameCount();
            assertTrue(stored > 0 && stored < 60, r.probe().summary());
            assertTrue(r.probe().warnings().stream().anyMatch(w -> w.contains("half.mp4 is cut short")),
                    r.probe().warnings()::toString);
            int n = 0;
            while (r.next() != null) {
                n++;
            }
            assertEquals(stored, n);
        }
    }

    @Test
    void unsupportedPixelFormat() throws Exception {
        // 4-bit packed BGR: FFmpeg can store it but cannot convert it to RGB.
        Path f = dir.resolve("bgr4.nut");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(f.toFile(), 64, 48, 0)) {
            rec.setFormat("nut");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
            rec.setPixelFormat(avutil.AV_PIX_FMT_BGR4);
            rec.setFrameRate(10);
            rec.start();
            rec.recordImage(64, 48, Frame.DEPTH_UBYTE, 3, 64 * 3, avutil.AV_PIX_FMT_RGB24,
                    ByteBuffer.wrap(new byte[64 * 48 * 3]));
            rec.stop();
        }
        VideoException e = probeFails(f);
        assertEquals(Kind.UNSUPPORTED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("bgr4"), e.getMessage());
    }

    @Test
    void clipRangeOutsideTheVideo() throws Exception {
        Path mp4 = TestVideos.write(dir.resolve("short.mp4"), VideoFormat.H264_MP4, 320, 240, 30, 25);
        VideoProbe p = TestVideos.ffmpeg().probe(mp4);
        ClipSettings tooLong = ClipSettings.defaults(p, 256, 256).withRange(0, 16, 4); // needs frames 0–60
        VideoException e = assertThrows(VideoException.class, () -> tooLong.checkAgainst(p));
        assertEquals(Kind.OUT_OF_RANGE, e.kind());
        assertTrue(e.getMessage().contains("only 30"), e.getMessage());

        ProjectStore store = TestVideos.service(ProjectStore.class);
        Project project = store.create(dir.resolve("proj"), "p");
        VideoException viaImport = assertThrows(VideoException.class,
                () -> store.importShot(project, mp4, "short", "clip", tooLong, null));
        assertEquals(Kind.OUT_OF_RANGE, viaImport.kind());
        assertEquals(0, store.open(project.folder()).shots().size(), "a refused import adds nothing");
    }

    @Test
    void destinationFolderMissingOrAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        for (Path target : new Path[] { file.resolve("out.mp4"), dir.resolve("no/such/folder/out.mp4") }) {
            VideoException e = assertThrows(VideoException.class, () -> TestVideos.ffmpeg().openWriter(target,
                    new EncodeSettings(VideoFormat.H264_MP4, 64, 64, 25)));
            assertEquals(Kind.NOT_WRITABLE, e.kind());
            assertTrue(e.getMessage().contains("out.mp4"), e.getMessage());
        }
    }

    @Test
    void fullDiskKeepsTheRenderAndTheProjectThatWereThere() throws Exception {
        Path source = TestVideos.write(dir.resolve("src.mp4"), VideoFormat.H264_MP4, 320, 240, 20, 25);
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 3)) {
            // A render and a project already on the small disk.
            Path render = TestVideos.write(disk.root().resolve("render.mkv"), VideoFormat.FFV1_MKV, 64, 64, 4, 25);
            byte[] renderBefore = Files.readAllBytes(render);
            ProjectStore store = TestVideos.service(ProjectStore.class);
            Project project = store.importShot(store.create(disk.root().resolve("proj"), "p"), source, "shot", "clip",
                    null, null);
            byte[] projectBefore = Files.readAllBytes(project.projectFile());
            disk.fill();

            // Re-render over the existing file: refused, and the old render is intact.
            VideoException e = assertThrows(VideoException.class, () -> {
                FrameWriter w = TestVideos.ffmpeg().openWriter(render,
                        new EncodeSettings(VideoFormat.FFV1_MKV, 320, 240, 25));
                for (int i = 0; i < 200; i++) {
                    w.write(noise(i, 320, 240));
                }
                w.close();
            });
            assertEquals(Kind.DISK_FULL, e.kind(), e.getMessage());
            assertArrayEquals(renderBefore, Files.readAllBytes(render));

            // Saving the project: refused, the project on disk is the old one, still opens.
            Project renamed = new Project(project.folder(), "p".repeat(20_000), project.shots());
            assertThrows(IOException.class, () -> store.save(renamed));
            assertArrayEquals(projectBefore, Files.readAllBytes(project.projectFile()));
            assertEquals("p", store.open(project.folder()).name());
            disk.unfill();
            try (var files = Files.walk(disk.root())) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary files left");
            }
        }
    }

    @Test
    void aVideoCutShortByAFullDiskIsRefusedNotPublished() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk2"), 2)) {
            Path render = TestVideos.write(disk.root().resolve("render.mkv"), VideoFormat.FFV1_MKV, 64, 64, 16, 25);
            byte[] before = Files.readAllBytes(render);
            // room for a few frames of noise, not for 16 (each about 12 KB in FFV1): the muxer's
            // buffered writes fail without an error from the recorder
            for (long room : new long[] { 24 * 1024, 64 * 1024, 120 * 1024 }) {
                disk.fillLeaving(room);
                java.util.List<RgbFrame> frames = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    frames.add(noise(i, 64, 64));
                }
                VideoException e = assertThrows(VideoException.class, () -> TestVideos.service(
                        io.vswap.video.api.VideoCodecRegistry.class).writeVideo(render, VideoFormat.FFV1_MKV, frames, 25,
                                null), "room " + room);
                assertEquals(Kind.DISK_FULL, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
                assertArrayEquals(before, Files.readAllBytes(render), "the complete earlier render is kept");
                disk.unfill();
            }
            try (var files = Files.walk(disk.root())) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary files left");
            }
        }
    }

    private static RgbFrame noise(int i, int w, int h) {
        byte[] b = new byte[w * h * 3];
        new Random(i).nextBytes(b);
        return new RgbFrame(i, w, h, b);
    }

    /** A real, tiny file system (tmpfs) to run out of space on. Needs root, as CI has. */
    static final class SmallDisk implements AutoCloseable {
        private final Path root;

        private SmallDisk(Path root) {
            this.root = root;
        }

        static SmallDisk mount(Path root, int megabytes) throws IOException, InterruptedException {
            Files.createDirectories(root);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs",
                    root.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                org.junit.jupiter.api.Assumptions.abort("cannot mount a small tmpfs here (needs root): " + out);
            }
            return new SmallDisk(root);
        }

        Path root() {
            return root;
        }

        /** Writes a filler file until the disk is full. */
        void fill() throws IOException {
            byte[] block = new byte[4096];
            try (OutputStream out = Files.newOutputStream(root.resolve("filler"))) {
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                // ENOSPC: that was the point
            }
        }

        /** Fills the disk, then frees about {@code bytes} of it. */
        void fillLeaving(long bytes) throws IOException {
            fill();
            Path filler = root.resolve("filler");
            try (var ch = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, ch.size() - bytes));
            }
        }

        void unfill() throws IOException {
            Files.deleteIfExists(root.resolve("filler"));
        }

        @Override
        public void close() throws IOException, InterruptedException {
            new ProcessBuilder("umount", "-l", root.toString()).start().waitFor();
        }
    }
}
