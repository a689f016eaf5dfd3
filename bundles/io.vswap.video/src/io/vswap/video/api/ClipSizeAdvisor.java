package io.vswap.video.api;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * What a clip's output size means for the model that will edit it: the size the model works at,
 * and what a swap at another size would cost on this machine. A service of the editing side
 * (the import wizard and the preferences ask it, so that the size offered first is the model's
 * own and a size that would run for hours or not fit is flagged before any work starts).
 */
public interface ClipSizeAdvisor {

    /** The size the model in use was made for, without loading it; empty when no model is installed. */
    Optional<ModelSize> modelSize();

    /**
     * Measures what a swap of {@code frames} frames at {@code width}×{@code height} would cost on
     * this machine (loads the model and times one of its passes at that size: seconds).
     *
     * @throws Exception saying in words why no estimate can be made (no model, a damaged one)
     */
    SizeAdvice advise(int width, int height, int frames, IProgressMonitor monitor) throws Exception;

    /** A model's native clip size, e.g. the sample model's 64×64 or Stable Diffusion 1.5's 512×512. */
    record ModelSize(String model, int width, int height) {

        /** "64 × 64" */
        public String label() {
            return width + " × " + height;
        }
    }

    /**
     * An estimate for one swap.
     *
     * @param method the editing method and settings the estimate is for, in words
     * @param time the whole swap (source side and edit), estimated from a measured pass
     * @param bytes peak memory, estimated (weights and the largest stage's activations)
     * @param warning why this size deserves a second thought, in words; null when it does not
     */
    record SizeAdvice(ModelSize model, int width, int height, int frames, String method, Duration time, long bytes,
            String warning) {

        /** "about 3 min, 1.2 GB" */
        public String summary() {
            return "about " + duration(time) + ", " + String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
        }

        /** A duration as an editor reads it: "40 s", "12 min", "3.5 h". */
        public static String duration(Duration d) {
            long s = Math.max(1, d.toSeconds());
            if (s < 90) {
                return s + " s";
            }
            if (s < 90 * 60) {
                return Math.round(s / 60.0) + " min";
            }
            return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600.0);
        }
    }
}
