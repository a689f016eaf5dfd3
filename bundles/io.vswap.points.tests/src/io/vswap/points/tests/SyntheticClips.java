package io.vswap.points.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;
import io.vswap.testing.TestServices;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/** Point sets on synthetic clips, and clips passed through a real encoder. */
final class SyntheticClips {

    private SyntheticClips() {
    }

    static PointSet placedOnFrame0(List<Position> starts, int frames, int size) {
        PointSet set = PointSet.empty("clip", frames, size, size);
        for (int i = 0; i < starts.size(); i++) {
            set = set.withPoint(SemanticPoint.placed("p" + i, 0x10 * i, 0, starts.get(i).x(), starts.get(i).y()));
        }
        return set;
    }

    /** The frames after a round trip through {@code format} with the FFmpeg codec. */
    static List<RgbFrame> roundTrip(List<RgbFrame> frames, VideoFormat format, Path file) throws VideoException {
        VideoCodec ffmpeg = TestServices.await(VideoCodecRegistry.class).byId("ffmpeg").orElseThrow();
        RgbFrame first = frames.get(0);
        FrameWriter w = ffmpeg.openWriter(file, new EncodeSettings(format, first.width(), first.height(), 25));
        for (RgbFrame f : frames) {
            w.write(f);
        }
        w.close();
        List<RgbFrame> out = new ArrayList<>();
        try (FrameReader r = ffmpeg.openReader(file)) {
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                out.add(f);
            }
        }
        return out;
    }
}
