package io.vswap.batch.api;

import java.util.OptionalLong;

/**
 * The time a job has left at its pace so far, and how to say a duration: one rule for the
 * console's progress line, its JSON lines and the workbench's progress panel.
 */
public final class TimeLeft {

    private TimeLeft() {
    }

    /**
     * The seconds left at the pace so far, or empty while too little is done to tell (under 5 %
     * or 2 s), when done, or when the total is unknown (a negative fraction).
     *
     * @param fraction the share of the work done, 0–1
     * @param elapsedSeconds since the work began
     */
    public static OptionalLong seconds(double fraction, double elapsedSeconds) {
        if (fraction < 0.05 || fraction >= 1 || elapsedSeconds < 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(elapsedSeconds * (1 - fraction) / fraction));
    }

    /** {@code 45 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** "about 1 min 20 s left", or empty while too little is done to tell ({@link #seconds}). */
    public static String words(double fraction, double elapsedSeconds) {
        OptionalLong left = seconds(fraction, elapsedSeconds);
        return left.isEmpty() ? "" : "about " + duration(left.getAsLong()) + " left";
    }
}
