package io.vswap.video.internal.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipFrames;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.MemoryCheck;
import io.vswap.video.api.Project;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException.Kind;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;
import io.vswap.video.api.VideoProbe;
import io.vswap.video.internal.fault.FaultPoints;

/**
 * A clip's frames decoded, cropped and scaled once, kept losslessly in
 * {@code cache/<shot>/<clip>/frames.mkv} with a key file saying what they were made from.
 */
final class ClipCache {

    private final VideoCodecRegistry codecs;
    private final Shot shot;
    private final Clip clip;
    private final Path frames;
    private final Path keyFile;

    ClipCache(VideoCodecRegistry codecs, Project project, Shot shot, Clip clip) {
        this.codecs = codecs;
        this.shot = shot;
        this.clip = clip;
        Path folder = project.cacheFolder().resolve(shot.id()).resolve(clip.fileName());
        this.frames = folder.resolve("frames.mkv");
        this.keyFile = folder.resolve("frames.json");
    }

    Path prepare(IProgressMonitor monitor) throws VideoException, IOException {
        ClipSettings s = clip.settings();
        SubMonitor sub = SubMonitor.convert(monitor, "Preparing " + shot.name() + " / " + clip.name(), s.frameCount() + 2);
        VideoCodec codec = codecs.byId(shot.codec()).orElseThrow(() -> new VideoException(Kind.UNSUPPORTED, shot.source(),
                "Shot \"" + shot.name() + "\" is read by the codec \"" + shot.codec()
                        + "\", which is not installed. Install it from its update site, then try again."));
        VideoProbe now = codec.probe(shot.source());
        sub.worked(1);
        if (now.width() != shot.probe().width() || now.height() != shot.probe().height()) {
            throw new VideoException(Kind.OUT_OF_RANGE, shot.source(), String.format(
                    "%s changed since it was imported (%d×%d then, %d×%d now). Import it again as a new shot.",
                    shot.source(), shot.probe().width(), shot.probe().height(), now.width(), now.height()));
        }
        s.checkAgainst(now);
        JsonObject wanted = key(now);
        if (Files.isRegularFile(frames) && wanted.equals(readKey())) {
            sub.done();
            return frames;
        }
        Files.createDirectories(frames.getParent());
        Files.deleteIfExists(keyFile); // a stale key must never vouch for new frames
        VideoCodec writerCodec = codecs.writerFor(VideoFormat.FFV1_MKV).orElseThrow(() -> new VideoException(
                Kind.UNSUPPORTED, frames, "No installed codec writes FFV1/MKV intermediates; reinstall VideoSwap Studio."));
        double clipRate = now.frameRate() / s.stride();
        FrameWriter writer = writerCodec.openWriter(frames,
                new EncodeSettings(VideoFormat.FFV1_MKV, s.outputWidth(), s.outputHeight(), clipRate));
        try (FrameReader reader = codec.openReader(shot.source())) {
            for (int i = 0; i < s.frameCount(); i++) {
                if (sub.isCanceled()) {
                    throw new OperationCanceledException();
                }
                sub.subTask("frame " + (i + 1) + " of " + s.frameCount());
                RgbFrame src = reader.read(s.sourceFrame(i));
                writer.write(FrameScaler.cropAndScale(src, s.crop(), s.outputWidth(), s.outputHeight(), i));
                if (i == s.frameCount() / 2) {
                    FaultPoints.reached("decode");
                }
                sub.worked(1);
            }
            writer.close();
        } catch (VideoException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        AtomicFile.writeString(keyFile, wanted.toString());
        sub.worked(1);
        return frames;
    }

    /** The whole clip in memory (checked against the heap first): for short clips only. */
    List<RgbFrame> read(IProgressMonitor monitor) throws VideoException, IOException {
        ClipSettings cs = clip.settings();
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        List<RgbFrame> out = new ArrayList<>();
        try (ClipFrames frames = open(sub.split(1))) {
            MemoryCheck.require(3L * cs.frameCount() * cs.outputWidth() * cs.outputHeight(), "reading the "
                    + cs.frameCount() + " frames of " + cs.outputWidth() + "×" + cs.outputHeight() + " of clip \""
                    + clip.name() + "\"");
            for (RgbFrame f = frames.next(); f != null; f = frames.next()) {
                out.add(f);
            }
        }
        sub.done();
        return out;
    }

    /** The clip's frames one at a time from the cache (prepared first if needed). */
    ClipFrames open(IProgressMonitor monitor) throws VideoException, IOException {
        Path file = prepare(monitor);
        FrameReader r = codecs.codecFor(file).openReader(file);
        return new CachedFrames(file, r, clip.settings());
    }

    /** Reads the cache file in order and checks it holds exactly the clip's frames. */
    private static final class CachedFrames implements ClipFrames {
        private final Path file;
        private final FrameReader reader;
        private final ClipSettings settings;
        private int read;

        CachedFrames(Path file, FrameReader reader, ClipSettings settings) {
            this.file = file;
            this.reader = reader;
            this.settings = settings;
        }

        @Override
        public int frameCount() {
            return settings.frameCount();
        }

        @Override
        public int width() {
            return settings.outputWidth();
        }

        @Override
        public int height() {
            return settings.outputHeight();
        }

        @Override
        public RgbFrame next() throws VideoException {
            RgbFrame f = reader.next();
            if (f == null ? read != settings.frameCount() : read == settings.frameCount()) {
                throw new VideoException(Kind.CORRUPT, file, file + " holds " + (f == null ? read + " frames" : "more frames")
                        + " instead of " + settings.frameCount() + ". Delete it; it will be prepared again.");
            }
            if (f != null) {
                read++;
            }
            return f;
        }

        @Override
        public void close() throws VideoException {
            reader.close();
        }
    }

    private JsonObject key(VideoProbe now) throws IOException {
        JsonObject k = new JsonObject();
        k.addProperty("cacheVersion", 1);
        k.addProperty("source", shot.source().toString());
        k.addProperty("codec", shot.codec());
        if (Files.isRegularFile(shot.source())) {
            k.addProperty("sourceBytes", Files.size(shot.source()));
            k.addProperty("sourceModified", Files.getLastModifiedTime(shot.source()).toMillis());
        }
        k.addProperty("sourceFrames", now.frameCount());
        k.add("settings", ProjectJson.clipSettings(clip.settings()));
        return k;
    }

    private JsonObject readKey() {
        try {
            return JsonParser.parseString(Files.readString(keyFile, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            return null; // missing or damaged: prepare again
        }
    }
}
