package io.vswap.diffusion.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Sliding context windows over a clip's frames, as AnimateDiff-Evolved runs clips longer than its
 * motion modules were trained on: the video UNet sees {@code length} frames at a time, windows
 * overlap by {@code overlap} frames, and where windows overlap their outputs are averaged with
 * weights that fall off toward a window's edges ({@link #weights}: AnimateDiff-Evolved's
 * "pyramid" fuse method), so a window's first and last frames, which see context on one side
 * only, count least. Memory is that of one window whatever the clip's length.
 *
 * <p>The windows are AnimateDiff-Evolved's "static standard" schedule: from frame 0 every
 * {@code length − overlap} frames, the last one moved back to end on the clip's last frame, so
 * every window has {@code length} frames. With {@code stride} s > 1 the windows also run, at
 * spacing 2, 4, … 2^(s−1), over every 2nd, 4th … frame (each residue on its own), so that frames
 * far apart share a window (AnimateDiff-Evolved's {@code context_stride}); a spacing is used only
 * where the clip has {@code length} frames at it. A clip of at most {@code length} frames is one
 * window: the same pass as without windows.
 *
 * @param length frames per window (AnimateDiff trains on 16)
 * @param overlap frames shared by neighbouring windows, {@code [0, length)}
 * @param stride spacings used: 1 (contiguous windows only), 2 (also every 2nd frame), …
 */
public record ContextWindows(int length, int overlap, int stride) {

    /** AnimateDiff-Evolved's defaults: 16 frames, overlap 4, contiguous windows only. */
    public static final ContextWindows DEFAULT = new ContextWindows(16, 4, 1);

    /** Spacing 2^(stride−1) beyond this would not be a clip. */
    public static final int MAX_STRIDE = 8;

    public ContextWindows {
        if (length < 1) {
            throw new IllegalArgumentException("a context window holds 1 frame or more, not " + length);
        }
        if (overlap < 0 || overlap >= length) {
            throw new IllegalArgumentException("the windows' overlap lies in [0, " + length + "), not " + overlap);
        }
        if (stride < 1 || stride > MAX_STRIDE) {
            throw new IllegalArgumentException("the context stride lies in [1, " + MAX_STRIDE + "], not " + stride);
        }
    }

    /**
     * One window: frames {@code start, start + spacing, …}, {@code count} of them.
     *
     * @param weights the fuse weight of each of its frames, in order
     */
    public record Window(int start, int spacing, int count, float[] weights) {

        /** The clip frame at position {@code i} of this window. */
        public int frame(int i) {
            return start + i * spacing;
        }

        public int[] frames() {
            int[] f = new int[count];
            for (int i = 0; i < count; i++) {
                f[i] = frame(i);
            }
            return f;
        }

        /** DJL's slice of this window's rows, e.g. {@code "4:20"} or {@code "1:33:2"}. */
        public String rows() {
            return spacing == 1 ? start + ":" + (start + count) : start + ":" + (start + count * spacing) + ":" + spacing;
        }

        /** The {@code [count·cells]} block of a frame-major {@code [F·cells]} array. */
        public float[] slice(float[] perFrame, int cells) {
            float[] out = new float[count * cells];
            for (int i = 0; i < count; i++) {
                System.arraycopy(perFrame, frame(i) * cells, out, i * cells, cells);
            }
            return out;
        }

        /** The entries of a per-frame array for this window's frames. */
        public <T> List<T> slice(List<T> perFrame) {
            List<T> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(perFrame.get(frame(i)));
            }
            return out;
        }
    }

    /**
     * These windows for a motion module that was trained on at most {@code maxFrames} (its
     * positional encoding's length): a longer window is cut to it (and its overlap to fit), so
     * the module is never asked for more frames than it knows.
     */
    public ContextWindows limitedTo(int maxFrames) {
        if (maxFrames < 1 || length <= maxFrames) {
            return this;
        }
        return new ContextWindows(maxFrames, Math.min(overlap, maxFrames - 1), stride);
    }

    /** These windows for {@code motion}'s modules: {@link #limitedTo} its positional encoding's length, where it has one. */
    public ContextWindows fitTo(MotionModuleConfig motion) {
        return motion.temporalPositionEncoding() ? limitedTo(motion.temporalPositionEncodingMaxLen()) : this;
    }

    /** Whether a clip of {@code frames} runs in more than one window. */
    public boolean splits(int frames) {
        return frames > length;
    }

    /** The frames each window holds (at most {@link #length}); one window of every frame when the clip fits. */
    public int windowFrames(int frames) {
        return Math.min(frames, length);
    }

    /** The windows of a clip of {@code frames}: every frame lies in at least one, each has {@link #windowFrames}. */
    public List<Window> windows(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip of " + frames + " frames");
        }
        List<Window> out = new ArrayList<>();
        if (!splits(frames)) {
            out.add(new Window(0, 1, frames, weights(frames)));
            return out;
        }
        float[] w = weights(length);
        int delta = length - overlap;
        for (int level = 0, spacing = 1; level < stride; level++, spacing *= 2) {
            if ((long) spacing * length > frames) {
                break; // not length frames at this spacing
            }
            for (int residue = 0; residue < spacing; residue++) {
                int n = (frames - residue + spacing - 1) / spacing; // frames of this residue
                for (int start = 0;; start += delta) {
                    if (start + length >= n) {
                        out.add(new Window(residue + (n - length) * spacing, spacing, length, w));
                        break;
                    }
                    out.add(new Window(residue + start * spacing, spacing, length, w));
                }
            }
        }
        return out;
    }

    /**
     * AnimateDiff-Evolved's pyramid weights for {@code n} frames: 1, 2, … up to the middle and back
     * down ({@code [1, 2, 2, 1]} for 4, {@code [1, 2, 3, 2, 1]} for 5).
     */
    public static float[] weights(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.min(i + 1, n - i);
        }
        return w;
    }

    /**
     * Where a window begins or ends inside the clip (contiguous windows): each {@code f} listed is a
     * frame whose step from {@code f − 1} crosses a window's edge, ascending; empty for one window.
     */
    public List<Integer> seams(int frames) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (Window w : windows(frames)) {
            if (w.spacing() == 1 && w.start() > 0) {
                out.add(w.start());
            }
            if (w.spacing() == 1 && w.start() + w.count() < frames) {
                out.add(w.start() + w.count());
            }
        }
        return List.copyOf(out);
    }
}
