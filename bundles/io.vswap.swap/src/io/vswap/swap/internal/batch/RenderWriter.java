package io.vswap.swap.internal.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.SubMonitor;

import io.vswap.files.api.AtomicFile;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.Project;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.SourceAudio;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoFormat;

/**
 * Publishes a swap render's files (and its subject masks where the method gave them) as one unit (the videos with the source's sound for the clip) ({@link RenderSet}): each is written whole under a
 * staging name (each video read back), then all are moved into place together; a fault or a cancel
 * before that leaves the previous render as it was.
 */
final class RenderWriter {

    private final VideoCodecRegistry codecs;

    RenderWriter(VideoCodecRegistry codecs) {
        this.codecs = codecs;
    }

    VideoCodecRegistry codecs() {
        return codecs;
    }

    /**
     * The files a render's record lists beside itself, lossless video first; the subject masks
     * ({@link SwapRender#MASKS}) where the method said where the subject is.
     */
    static List<String> files(String stem, boolean masks) {
        return masks ? List.of(stem + ".mkv", stem + ".mp4", stem + "-sheet.png", stem + SwapRender.MASKS)
                : List.of(stem + ".mkv", stem + ".mp4", stem + "-sheet.png");
    }

    /**
     * @param audio the source's sound for the clip, carried by both videos (when the source has some)
     * @param masks the edit's subject masks, or null
     */
    void publish(Project p, String stem, List<RgbFrame> source, List<RgbFrame> frames, double fps, SourceAudio audio,
            FrameMasks masks, SwapRender record, SubMonitor sub) throws IOException, VideoException {
        try (RenderSet out = RenderSet.in(p)) {
            if (masks != null) {
                AtomicFile.write(out.stage(stem + SwapRender.MASKS), masks.toPng());
            }
            audio.writeVideo(codecs, out.stage(stem + ".mkv"), VideoFormat.FFV1_MKV, frames, fps, null);
            audio.writeVideo(codecs, out.stage(stem + ".mp4"), VideoFormat.H264_MP4, frames, fps, null);
            sub.worked(5);
            Path sheet = out.stage(stem + "-sheet.png");
            AtomicFile.write(sheet, ContactSheet.png(sheetFrames(source, frames), null));
            AtomicFile.writeString(out.stage(stem + ".json"), SwapRenders.toJson(record));
            SwapRun.checkCanceled(sub);
            out.publish();
            sub.worked(5);
        }
    }

    /** Four frames spread over the clip: the source's row over the result's. */
    static List<RgbFrame> sheetFrames(List<RgbFrame> source, List<RgbFrame> result) {
        int n = source.size();
        int k = Math.min(4, n);
        List<RgbFrame> out = new ArrayList<>();
        for (List<RgbFrame> row : List.of(source, result)) {
            for (int i = 0; i < k; i++) {
                out.add(row.get(k == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (k - 1))));
            }
        }
        return out;
    }
}
