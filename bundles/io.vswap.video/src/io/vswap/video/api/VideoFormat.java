package io.vswap.video.api;

/** Output formats a {@link VideoCodec} may write. */
public enum VideoFormat {
    /** H.264 in MP4, YUV 4:2:0: deliverables that every player opens. */
    H264_MP4("mp4"),
    /** FFV1 in Matroska, RGB: lossless intermediates (decoded clips, renders before delivery). */
    FFV1_MKV("mkv");

    private final String extension;

    VideoFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }
}
