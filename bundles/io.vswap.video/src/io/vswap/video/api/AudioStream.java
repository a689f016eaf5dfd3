package io.vswap.video.api;

/**
 * An audio stream of a source, as its headers describe it.
 *
 * @param codec codec name, e.g. {@code "aac"}, {@code "pcm_s16le"}
 * @param channels number of channels
 * @param sampleRate samples per second
 * @param durationSeconds the stream's duration, or 0 when the file does not say
 */
public record AudioStream(String codec, int channels, int sampleRate, double durationSeconds) {

    /** For people, short: {@code aac, 2 ch, 48 kHz}. */
    public String format() {
        return String.format(java.util.Locale.ROOT, "%s, %d ch, %s kHz", codec, channels,
                new java.math.BigDecimal(sampleRate).movePointLeft(3).stripTrailingZeros().toPlainString());
    }

    /** For people: {@code aac, 2 ch, 48 kHz, 10.00 s}. */
    public String summary() {
        String duration = durationSeconds > 0 ? String.format(java.util.Locale.ROOT, ", %.2f s", durationSeconds) : "";
        return format() + duration;
    }
}
