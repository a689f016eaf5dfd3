package io.vswap.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;

/** A video file read back by the installed codecs, as the product reads a render. */
public final class VideoFiles {

    private VideoFiles() {
    }

    /** Every frame of {@code file}, in order. */
    public static List<RgbFrame> frames(Path file) throws Exception {
        List<RgbFrame> out = new ArrayList<>();
        FrameReader r = TestServices.await(VideoCodecRegistry.class).codecFor(file).openReader(file);
        try {
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                out.add(f);
            }
        } finally {
            r.close();
        }
        return out;
    }
}
