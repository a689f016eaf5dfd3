package io.vswap.ui.internal.player;

/** SMPTE-style non-drop timecode HH:MM:SS:FF of a frame number at a frame rate. */
public final class Timecode {

    private Timecode() {
    }

    public static String of(int frame, double frameRate) {
        // Non-drop: frames are counted at the nominal (rounded) rate, as editors expect for 23.976/29.97 too.
        int nominal = Math.max(1, (int) Math.round(frameRate));
        int ff = frame % nominal;
        int totalSeconds = frame / nominal;
        return String.format("%02d:%02d:%02d:%02d", totalSeconds / 3600, totalSeconds / 60 % 60, totalSeconds % 60, ff);
    }

    /** A real time as {@code HH:MM:SS.mmm} (a variable-rate frame's presentation time). */
    public static String seconds(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
