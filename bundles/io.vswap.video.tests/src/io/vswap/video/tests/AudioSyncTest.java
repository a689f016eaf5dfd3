package io.vswap.video.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.SourceAudio;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodec.AudioCarried;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;

/**
 * A clip's render keeps the source's sound in sync: a source that flashes white and beeps at
 * the same instants is cut to a clip, and in the render each beep starts within one frame of
 * its flash.
 */
class AudioSyncTest {

    private static final int FPS = 25;
    /** Frames at which the source flashes and beeps. */
    private static final int[] FLASHES = { 30, 70 };

    @TempDir
    Path dir;

    @Test
    void aacIsCopiedIntoAnMp4InSync() throws Exception {
        Path source = flashAndBeep("aac.mp4", "-c:a", "aac", "-b:a", "128k");
        assertInSync(source, 20, 60, "clip.mp4", AudioCarried.COPIED);
    }

    @Test
    void pcmIsEncodedToAacForAnMp4InSync() throws Exception {
        Path source = flashAndBeep("pcm.mkv", "-c:a", "pcm_s16le");
        assertInSync(source, 22, 70, "clip.mp4", AudioCarried.ENCODED_AAC);
    }

    @Test
    void aClipsRenderCarriesTheSoundOfItsFrames() throws Exception {
        Path source = flashAndBeep("clip-source.mp4", "-c:a", "aac");
        ProjectStore store = TestVideos.service(ProjectStore.class);
        VideoProbe probe = TestVideos.ffmpeg().probe(source);
        ClipSettings settings = new ClipSettings(20, 30, 2, CropRect.centered(probe.width(), probe.height(), 96, 64),
                false, 96, 64);
        Project project = store.importShot(store.create(dir.resolve("project"), "p"), source, "shot", "main", settings,
                null);
        Shot shot = project.shots().get(0);
        SourceAudio audio = SourceAudio.of(TestVideos.service(VideoCodecRegistry.class), shot, settings);
        assertEquals(20 / (double) FPS, audio.startSeconds(), 1e-6);
        assertEquals(30 * 2 / (double) FPS, audio.durationSeconds(), 1e-6);
        Path render = dir.resolve("render.mkv");
        List<RgbFrame> frames = store.readClipFrames(project, shot, shot.clips().get(0), null);
        assertEquals(AudioCarried.COPIED, audio.writeVideo(TestVideos.service(VideoCodecRegistry.class), render,
                VideoFormat.FFV1_MKV, frames, FPS / 2.0, null));
        List<Double> flashes = flashTimes(render);
        List<Double> beeps = beepOnsets(render);
        assertEquals(List.of((FLASHES[0] - 20) / (double) FPS, (FLASHES[1] - 20) / (double) FPS), flashes);
        assertEquals(2, beeps.size(), beeps::toString);
        for (int i = 0; i < 2; i++) {
            assertEquals(flashes.get(i), beeps.get(i), 2.0 / FPS, "within one clip frame (stride 2)");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
                    "no temporary file is left beside the render");
        }
    }

    @Test
    void aSourceWithoutAudioLeavesTheRenderAsItIs() throws Exception {
        Path silent = TestVideos.write(dir.resolve("silent.mp4"), VideoFormat.H264_MP4, 64, 64, 10, FPS);
        VideoCodec codec = TestVideos.ffmpeg();
        assertTrue(codec.probe(silent).audio().isEmpty());
        Path target = dir.resolve("out.mp4");
        assertEquals(AudioCarried.NONE, codec.addSourceAudio(silent, VideoFormat.H264_MP4, silent, 0, 0.4, target));
        assertTrue(Files.notExists(target));
    }

    private void assertInSync(Path source, int start, int frames, String name, AudioCarried expected)
            throws Exception {
        VideoCodec codec = TestVideos.ffmpeg();
        VideoProbe probe = codec.probe(source);
        assertEquals(1, probe.audio().size(), probe.summary());
        Path video = dir.resolve("video-" + name);
        double startSeconds;
        try (FrameReader r = codec.openReader(source)) {
            startSeconds = r.frameTimeSeconds(start);
            FrameWriter w = codec.openWriter(video, new EncodeSettings(VideoFormat.H264_MP4, probe.width(),
                    probe.height(), FPS));
            for (int i = start; i < start + frames; i++) {
                w.write(r.read(i));
            }
            w.close();
        }
        Path target = dir.resolve(name);
        assertEquals(expected, codec.addSourceAudio(video, VideoFormat.H264_MP4, source, startSeconds,
                frames / (double) FPS, target));
        assertEquals(1, codec.probe(target).audio().size());
        List<Double> flashes = flashTimes(target);
        List<Double> beeps = beepOnsets(target);
        assertEquals(flashes.size(), beeps.size(), "flashes " + flashes + ", beeps " + beeps);
        System.out.printf(java.util.Locale.ROOT, "A/V sync (%s, %s): flashes at %s s, beeps at %s s%n", name, expected,
                flashes, beeps);
        for (int i = 0; i < flashes.size(); i++) {
            assertEquals((FLASHES[i] - start) / (double) FPS, flashes.get(i), 1e-3, "flash " + i + " stays on its frame");
            assertEquals(flashes.get(i), beeps.get(i), 1.0 / FPS, "beep " + i + " within one frame of its flash");
        }
    }

    /** A 4 s source: black frames with a white one and a 1 kHz beep of 80 ms at each flash. */
    private Path flashAndBeep(String name, String... audioCodec) throws IOException, InterruptedException {
        Path target = dir.resolve(name);
        String flash = "between(n," + FLASHES[0] + "," + FLASHES[0] + ")+between(n," + FLASHES[1] + "," + FLASHES[1] + ")";
        String beep = "between(t," + FLASHES[0] / (double) FPS + "," + (FLASHES[0] / (double) FPS + 0.08)
                + ")+between(t," + FLASHES[1] / (double) FPS + "," + (FLASHES[1] / (double) FPS + 0.08) + ")";
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "color=c=black:s=96x64:r=" + FPS + ":d=4", "-f", "lavfi", "-i", "sine=f=1000:d=4:sample_rate=48000",
                "-vf", "drawbox=enable='" + flash + "':c=white:t=fill", "-af",
                "volume=enable='not(" + beep + ")':volume=0", "-c:v", "libx264", "-pix_fmt", "yuv420p"));
        command.addAll(List.of(audioCodec));
        command.add(target.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        return target;
    }

    private static List<Double> flashTimes(Path file) throws Exception {
        List<Double> out = new ArrayList<>();
        try (FrameReader r = TestVideos.ffmpeg().openReader(file)) {
            for (int i = 0; i < r.probe().frameCount(); i++) {
                if (r.read(i).pixel(48, 32)[0] > 128) {
                    out.add(r.frameTimeSeconds(i));
                }
            }
        }
        return out;
    }

    /** Times (from the first video frame) at which the sound rises out of silence. */
    private static List<Double> beepOnsets(Path file) throws Exception {
        List<Double> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            long videoStart = g.getFormatContext().streams(0).start_time();
            double origin = videoStart == avutil.AV_NOPTS_VALUE ? 0
                    : videoStart * avutil.av_q2d(g.getFormatContext().streams(0).time_base());
            double lastLoud = -1;
            for (Frame f; (f = g.grabSamples()) != null;) {
                ShortBuffer s = (ShortBuffer) f.samples[0];
                int channels = f.audioChannels;
                for (int i = 0; i < s.limit() / channels; i++) {
                    double t = f.timestamp / 1e6 + i / (double) f.sampleRate - origin;
                    if (Math.abs(s.get(i * channels)) > 1500) {
                        if (lastLoud < 0 || t - lastLoud > 0.2) {
                            out.add(t);
                        }
                        lastLoud = t;
                    }
                }
            }
        }
        return out;
    }
}
