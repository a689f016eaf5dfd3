package io.vswap.method.cove.internal;

/**
 * COVE's one-to-many correspondences on one token grid (§3.2): for every token of every frame, its
 * {@code topK} corresponding tokens in each other frame. Token {@code p} of a {@code height × width}
 * grid is cell {@code (p / width, p % width)}; a token is named across the clip by
 * {@code frame · tokens() + p}.
 *
 * <p>Layout of {@link #index()}: per frame, per token, {@link #perToken()} entries ordered for the
 * temporal token merging's bipartite split: first the frames at even positions among the token's
 * other frames (0, 2, 4 … counting the other frames in time order), then those at odd positions, each
 * frame's {@code topK} tokens best first; -1 where a window held fewer than {@code topK} tokens.
 *
 * @param frames frames of the clip
 * @param height rows of the grid
 * @param width columns of the grid
 * @param topK tokens per other frame
 * @param index {@code frames · tokens() · perToken()} token names, or -1
 */
public record Correspondences(int frames, int height, int width, int topK, int[] index) {

    public Correspondences {
        if (frames < 1 || height < 1 || width < 1 || topK < 1) {
            throw new IllegalArgumentException("correspondences need frames, a grid and K of at least 1");
        }
        if (index.length != (long) frames * height * width * (frames - 1) * topK) {
            throw new IllegalArgumentException("correspondence index of " + index.length + " entries for " + frames
                    + " frames of " + height + "x" + width + " and K " + topK);
        }
    }

    public int tokens() {
        return height * width;
    }

    /** Corresponding tokens of one token: {@code (frames − 1) · topK}. */
    public int perToken() {
        return (frames - 1) * topK;
    }

    /** Entries of the first (even) part of a token's list: the frames at even positions among its others. */
    public int evenPart() {
        return (frames / 2) * topK; // ceil((frames − 1) / 2) frames
    }

    /** The position in a token's list of other frame {@code j}'s {@code k}-th token, for a token of frame {@code f}. */
    public int slot(int f, int j, int k) {
        int o = j < f ? j : j - 1; // j's position among the other frames
        int base = o % 2 == 0 ? (o / 2) * topK : evenPart() + (o / 2) * topK;
        return base + k;
    }

    /** The name of the {@code k}-th (0: best) token of frame {@code j} that token {@code p} of frame {@code f} corresponds to, or -1. */
    public int of(int f, int p, int j, int k) {
        if (j == f) {
            throw new IllegalArgumentException("a token's own frame has no correspondence entry");
        }
        return index[(f * tokens() + p) * perToken() + slot(f, j, k)];
    }

    /** Grid cell {@code {row, column}} of token name {@code name} within its frame. */
    public int[] cell(int name) {
        int p = name % tokens();
        return new int[] { p / width, p % width };
    }
}
