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

    /** For people: {@code aac, 2 ch, 48000 Hz, 10.00 s}. */
    public String summary() {
        String duration = durationSeconds > 0 ? String.format(java.util.Locale.ROOT, ", %.2f s", durationSeconds) : "";
        return codec + ", " + channels + " ch, " + sampleRate + " Hz" + duration;
    }
}
