package io.vswap.eval.study.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Two renders of the same clip to compare. Which one a rater sees on the left is the blinding's
 * ({@link Blinding}); {@code a} and {@code b} are only the order the study lists them in.
 *
 * @param id unique within the study ({@code p01})
 * @param clip the clip both renders are of, in words (shown to nobody: for the results)
 * @param a one render
 * @param b the other, of a different variant
 * @param source the source clip's video, shown above the pair when given (the paper shows it)
 */
public record StudyPair(String id, String clip, Render a, Render b, Optional<Path> source) {

    /**
     * One render of a pair.
     *
     * @param variant the method or variant it was made with ({@code videoswap}, {@code tune-a-video})
     * @param video the video file a rater sees (a browser plays MP4/H.264 and WebM)
     */
    public record Render(String variant, Path video) {
        public Render {
            if (variant == null || variant.isBlank() || video == null) {
                throw new IllegalArgumentException("a render needs its variant's name and its video");
            }
        }
    }

    public StudyPair {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("a pair's id is letters, digits, dashes and underscores, not \"" + id
                    + "\"");
        }
        if (a.variant().equals(b.variant())) {
            throw new IllegalArgumentException("the pair " + id + " compares \"" + a.variant()
                    + "\" with itself: a pair's two renders are of two different variants");
        }
        clip = clip == null ? "" : clip;
        source = source == null ? Optional.empty() : source;
    }

    /** The render shown on the left when {@code aOnLeft}, else the other. */
    public Render left(boolean aOnLeft) {
        return aOnLeft ? a : b;
    }

    public Render right(boolean aOnLeft) {
        return aOnLeft ? b : a;
    }
}
