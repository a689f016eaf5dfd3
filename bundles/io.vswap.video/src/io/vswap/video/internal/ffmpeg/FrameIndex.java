package io.vswap.video.internal.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoException.Kind;

/**
 * The presentation timestamps of every frame a file really stores, read from its packets
 * (demuxing only, no decoding). Frame N is the N-th of these in presentation order, whatever
 * the header claims and whether or not the rate is constant; seeks aim at these times and
 * every decoded frame is checked against them.
 *
 * <p>Times are in microseconds computed exactly as JavaCV stamps decoded frames
 * ({@code 1e6 · pts · num / den}, truncated), so a decoded frame is found by equality.
 */
final class FrameIndex {

    /** Indexes of recently opened files; a player or a job reopens the same source often. */
    private static final Map<Key, FrameIndex> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FrameIndex> eldest) {
            return size() > 32;
        }
    };

    private record Key(Path file, long size, FileTime modified, int stream) {
    }

    private final long[] timesMicros;
    private final long[] keyTimesMicros;
    private final long headerFrames;
    private final boolean timestamped;
    private final boolean cutShort;
    /** One tick of the stream's time base, in microseconds: how finely the file can store a time. */
    private final double tickMicros;

    private FrameIndex(long[] timesMicros, long[] keyTimesMicros, long headerFrames, boolean timestamped,
            boolean cutShort, double tickMicros) {
        this.timesMicros = timesMicros;
        this.keyTimesMicros = keyTimesMicros;
        this.headerFrames = headerFrames;
        this.timestamped = timestamped;
        this.cutShort = cutShort;
        this.tickMicros = tickMicros;
    }

    static FrameIndex of(Path source, int streamIndex) throws VideoException {
        Key key;
        try {
            key = new Key(source.toAbsolutePath().normalize(), Files.size(source), Files.getLastModifiedTime(source),
                    streamIndex);
        } catch (IOException e) {
            throw new VideoException(Kind.NOT_FOUND, source, source.getFileName() + " cannot be read: " + e.getMessage(),
                    e);
        }
        synchronized (CACHE) {
            FrameIndex cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        FrameIndex built = build(source, streamIndex, key.size());
        synchronized (CACHE) {
            CACHE.put(key, built);
        }
        return built;
    }

    private static FrameIndex build(Path source, int streamIndex, long fileSize) throws VideoException {
        AVFormatContext fc = new AVFormatContext(null);
        if (avformat.avformat_open_input(fc, source.toString(), null, null) < 0) {
            throw new VideoException(Kind.CORRUPT, source, source.getFileName() + " cannot be read to index its frames.");
        }
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            avformat.avformat_find_stream_info(fc, (AVDictionary) null);
            AVStream stream = fc.streams(streamIndex);
            AVRational tb = stream.time_base();
            long num = tb.num();
            long den = tb.den();
            long headerFrames = stream.nb_frames();
            if (intraOnlyInQuickTime(fc, stream)) {
                // ProRes/DNxHD/MJPEG masters are large: their sample table lists every frame, no need to read them
                return fromSampleTable(stream, fileSize, headerFrames, num, den);
            }
            LongList times = new LongList();
            LongList keys = new LongList();
            boolean timestamped = true;
            long truncated = 0;
            long lastDts = Long.MIN_VALUE;
            long lostFromDts = Long.MAX_VALUE;
            int read;
            while ((read = avformat.av_read_frame(fc, pkt)) >= 0) {
                try {
                    if (pkt.stream_index() != streamIndex || pkt.size() <= 0) {
                        continue; // other streams; empty chunks are a variable-rate AVI's skipped frames
                    }
                    long dts = pkt.dts() != avutil.AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                    if ((pkt.flags() & avcodec.AV_PKT_FLAG_CORRUPT) != 0
                            || pkt.pos() >= 0 && pkt.pos() + pkt.size() > fileSize) {
                        // the file ends inside this packet: it and everything decoded after it are lost
                        lostFromDts = Math.min(lostFromDts, dts);
                        truncated++;
                        continue;
                    }
                    lastDts = dts;
                    long pts = pkt.pts();
                    if (pts == avutil.AV_NOPTS_VALUE) {
                        // Only decoding times (AVI with packed B-frames): the decoder stamps its pictures
                        // with a neighbour's time, so frames can be told apart only by counting.
                        timestamped = false;
                        pts = dts != avutil.AV_NOPTS_VALUE ? dts : times.size();
                    }
                    long micros = 1_000_000L * pts * num / den;
                    times.add(micros);
                    if ((pkt.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
                        keys.add(micros);
                    }
                } finally {
                    avcodec.av_packet_unref(pkt);
                }
            }
            // The demuxer stops with an error, not at the end, where the file's data stops before its index does.
            boolean cutShort = truncated > 0 || read != avutil.AVERROR_EOF;
            long[] sorted = times.toArray();
            Arrays.sort(sorted);
            if (cutShort && timestamped) {
                sorted = completeFrames(sorted, Math.min(lostFromDts, lastDts == Long.MIN_VALUE ? 0 : lastDts + 1),
                        num, den);
            }
            for (int i = 1; i < sorted.length && timestamped; i++) {
                timestamped = sorted[i] > sorted[i - 1]; // two frames at one time cannot be told apart
            }
            long[] keySorted = keys.toArray();
            Arrays.sort(keySorted);
            return new FrameIndex(sorted, keySorted, headerFrames, timestamped, cutShort, 1e6 * num / den);
        } finally {
            avcodec.av_packet_free(pkt);
            avformat.avformat_close_input(fc);
        }
    }

    /** QuickTime/MP4 (a complete sample table) holding a codec whose every frame is a key frame. */
    private static boolean intraOnlyInQuickTime(AVFormatContext fc, AVStream stream) {
        String format = fc.iformat().name().getString();
        org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor d = avcodec.avcodec_descriptor_get(stream.codecpar().codec_id());
        return format.contains("mov") && d != null && (d.props() & avcodec.AV_CODEC_PROP_INTRA_ONLY) != 0
                && avformat.avformat_index_get_entries_count(stream) > 0;
    }

    /**
     * The index from the container's sample table: every frame's time (decoding and presentation
     * times agree, nothing is reordered), the samples the file ends before dropped.
     */
    private static FrameIndex fromSampleTable(AVStream stream, long fileSize, long headerFrames, long num, long den) {
        int n = avformat.avformat_index_get_entries_count(stream);
        LongList times = new LongList();
        boolean cutShort = false;
        for (int i = 0; i < n; i++) {
            org.bytedeco.ffmpeg.avformat.AVIndexEntry e = avformat.avformat_index_get_entry(stream, i);
            if (e.size() <= 0) {
                continue;
            }
            if (e.pos() + e.size() > fileSize) {
                cutShort = true;
                break; // samples are stored in order: every later one is missing too
            }
            times.add(1_000_000L * e.timestamp() * num / den);
        }
        long[] sorted = times.toArray();
        Arrays.sort(sorted);
        boolean distinct = true;
        for (int i = 1; i < sorted.length && distinct; i++) {
            distinct = sorted[i] > sorted[i - 1];
        }
        return new FrameIndex(sorted, sorted, headerFrames, distinct, cutShort, 1e6 * num / den);
    }

    /**
     * The frames before the first lost one. A lost packet and every packet decoded after it show
     * at or after the lost one's decoding time (a picture shows no earlier than it decodes), so the
     * frames shown earlier are the unbroken start of the clip; the later ones would skip pictures.
     */
    private static long[] completeFrames(long[] sortedMicros, long lostFromDts, long num, long den) {
        if (lostFromDts == Long.MAX_VALUE) {
            return sortedMicros;
        }
        long lostMicros = 1_000_000L * lostFromDts * num / den;
        int keep = 0;
        while (keep < sortedMicros.length && sortedMicros[keep] < lostMicros) {
            keep++;
        }
        return Arrays.copyOf(sortedMicros, keep);
    }

    /** Frames the file really stores, complete and unbroken from its start. */
    int frameCount() {
        return timesMicros.length;
    }

    /** What the container's header says, or 0 when it does not say. */
    long headerFrames() {
        return headerFrames;
    }

    /** Whether the file's data stops early: an interrupted copy or render. */
    boolean cutShort() {
        return cutShort;
    }

    /** Whether every frame has its own presentation time, so frames can be found by time. */
    boolean timestamped() {
        return timestamped;
    }

    /** Presentation time of frame {@code index}, in the stream's microseconds. */
    long timeMicros(int index) {
        return timesMicros[index];
    }

    /** Frame position of a decoded frame's time, or -1 when no stored frame has that time. */
    int positionOf(long micros) {
        int i = Arrays.binarySearch(timesMicros, micros);
        if (i >= 0) {
            return i;
        }
        // Tolerate a microsecond of rounding between two ways of computing the same time.
        int insertion = -i - 1;
        for (int j = Math.max(0, insertion - 1); j <= Math.min(timesMicros.length - 1, insertion); j++) {
            if (Math.abs(timesMicros[j] - micros) <= 1) {
                return j;
            }
        }
        return -1;
    }

    /** The last frame shown no later than {@code micros} (within a microsecond), or frame 0. */
    int frameAt(long micros) {
        int i = Arrays.binarySearch(timesMicros, micros + 1);
        int after = i >= 0 ? i + 1 : -i - 1;
        return Math.max(0, Math.min(timesMicros.length - 1, after - 1));
    }

    /** Whether a key frame lies after frame {@code from} and at or before frame {@code to}. */
    boolean keyFrameBetween(int from, int to) {
        int i = Arrays.binarySearch(keyTimesMicros, timesMicros[from] + 1);
        int next = i >= 0 ? i : -i - 1;
        return next < keyTimesMicros.length && keyTimesMicros[next] <= timesMicros[to];
    }

    /** Seconds from the first frame to the end of the last (its length taken as the median gap). */
    double durationSeconds(double fallbackRate) {
        int n = timesMicros.length;
        if (n == 0) {
            return 0;
        }
        double last = n > 1 ? medianGapMicros() : 1e6 / fallbackRate;
        return (timesMicros[n - 1] - timesMicros[0] + last) / 1e6;
    }

    /**
     * Whether the gaps between frames differ from the median gap by more than the stream can
     * round a time to (one tick of its time base: a millisecond in Matroska, where 24 fps is
     * stored as 41 and 42 ms) and 0.5 % of the gap.
     */
    boolean variableRate() {
        if (!timestamped || timesMicros.length < 3) {
            return false;
        }
        double median = medianGapMicros();
        double tolerance = Math.max(tickMicros + 2, 0.005 * median);
        for (int i = 1; i < timesMicros.length; i++) {
            double gap = timesMicros[i] - timesMicros[i - 1];
            if (Math.abs(gap - median) > tolerance) {
                return true;
            }
        }
        return false;
    }

    /** Frames per second over the whole stream (for a constant rate, the rate). */
    double meanRate() {
        int n = timesMicros.length;
        return n < 2 ? 0 : (n - 1) * 1e6 / (timesMicros[n - 1] - timesMicros[0]);
    }

    private double medianGapMicros() {
        long[] gaps = new long[timesMicros.length - 1];
        for (int i = 1; i < timesMicros.length; i++) {
            gaps[i - 1] = timesMicros[i] - timesMicros[i - 1];
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    /** A growable list of longs: a long clip has hundreds of thousands of packets. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
