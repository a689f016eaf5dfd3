package io.vswap.video.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a source is: its picture from the headers, its frames as really stored (counted from
 * the stream, not taken from a header that may be wrong), its audio, and what a user should
 * know about it.
 *
 * @param source the file or sequence that was probed
 * @param width width in pixels as displayed (after the rotation the file asks for)
 * @param height height in pixels as displayed
 * @param frameRate frames per second (for a variable rate, the mean over the stream)
 * @param frameCount number of video frames the file really stores
 * @param durationSeconds duration in seconds, from the first frame to the end of the last
 * @param codec codec name, e.g. {@code "h264"}, {@code "ffv1"}, {@code "png"}
 * @param pixelFormat pixel format name, e.g. {@code "yuv420p"}
 * @param rotationDegrees clockwise display rotation the file asks for (0, 90, 180 or 270); readers
 *        deliver frames already rotated
 * @param variableFrameRate whether the time between frames varies (a phone or screen recording);
 *        {@link FrameReader#frameTimeSeconds(int)} gives each frame's real time
 * @param audio the audio streams, in file order
 * @param warnings what is odd about the file and how it was handled, in words for people (a header
 *        that claims more frames than are stored, a file cut short)
 */
public record VideoProbe(Path source, int width, int height, double frameRate, int frameCount,
        double durationSeconds, String codec, String pixelFormat, int rotationDegrees, boolean variableFrameRate,
        List<AudioStream> audio, List<String> warnings) {

    public VideoProbe {
        audio = List.copyOf(audio);
        warnings = List.copyOf(warnings);
    }

    /** A constant-rate source without audio and without warnings (image sequences, tests). */
    public VideoProbe(Path source, int width, int height, double frameRate, int frameCount, double durationSeconds,
            String codec, String pixelFormat, int rotationDegrees) {
        this(source, width, height, frameRate, frameCount, durationSeconds, codec, pixelFormat, rotationDegrees, false,
                List.of(), List.of());
    }

    /** A one-line summary for people: {@code 1920×1080, 25 fps, 250 frames (10.00 s), h264 yuv420p}. */
    public String summary() {
        String rotation = rotationDegrees == 0 ? "" : ", rotated " + rotationDegrees + "°";
        String rate = variableFrameRate ? String.format(Locale.ROOT, "variable rate (mean %.3g fps)", frameRate)
                : String.format(Locale.ROOT, "%.3g fps", frameRate);
        String sound = audio.isEmpty() ? ""
                : ", audio: " + String.join("; ", audio.stream().map(AudioStream::summary).toList());
        return String.format(Locale.ROOT, "%d×%d, %s, %d frames (%.2f s), %s %s%s%s", width, height, rate, frameCount,
                durationSeconds, codec, pixelFormat, rotation, sound);
    }
}
