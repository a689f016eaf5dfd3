package io.vswap.swap.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ContextWindows;
import io.vswap.points.api.Trajectory;

/**
 * Which encoder cell each point occupies on each frame (Algorithm 1, lines 7–11), for the points
 * one forward pass uses. Point {@code k} is row {@code k} of the embedding matrix; a point writes
 * only on frames where it is visible, and where two points share a cell the later one wins, as
 * Algorithm 1's sequential assignment does. On a {@link LatentGrid#subCell() sub-cell} grid a point
 * is spread over up to four cells instead, and shared cells take the sum of the points' shares.
 */
public final class PointPlacement {

    private final LatentGrid grid;
    private final int frames;
    private final int points;
    /** Per level: for each cell {@code f·h·w + y·w + x}, the point written there, or -1. */
    private final int[][] owner;
    /** Sub-cell grids only, per level: the weight of point k at cell c, at {@code c·points + k}; else null. */
    private final float[][] weights;
    /** Per point and frame: the level-0 cell, or null where the point writes nothing. */
    private final int[][][] cells0;
    private final List<Trajectory> trajectories;
    private final boolean[][] visible;
    private final boolean[] used;

    /**
     * @param trajectories one per point, in clip pixels
     * @param visible per point and frame
     * @param used null, or per point whether it takes part (registration's point drop)
     */
    public PointPlacement(LatentGrid grid, int frames, List<Trajectory> trajectories, boolean[][] visible,
            boolean[] used) {
        this.grid = grid;
        this.frames = frames;
        this.points = trajectories.size();
        this.trajectories = List.copyOf(trajectories);
        this.visible = visible;
        this.used = used;
        owner = new int[grid.levels()][];
        weights = grid.subCell() ? new float[grid.levels()][] : null;
        cells0 = new int[points][frames][];
        for (int l = 0; l < grid.levels(); l++) {
            owner[l] = new int[frames * grid.levelWidth(l) * grid.levelHeight(l)];
            Arrays.fill(owner[l], -1);
            if (weights != null) {
                weights[l] = new float[owner[l].length * points];
            }
        }
        for (int k = 0; k < points; k++) {
            Trajectory t = trajectories.get(k);
            if (t.frameCount() != frames) {
                throw new IllegalArgumentException("a trajectory of " + t.frameCount() + " frames for a clip of " + frames);
            }
            if (used != null && !used[k]) {
                continue;
            }
            for (int f = 0; f < frames; f++) {
                if (!visible[k][f]) {
                    continue;
                }
                for (int l = 0; l < grid.levels(); l++) {
                    int x = grid.column(l, t.x(f));
                    int y = grid.row(l, t.y(f));
                    int w = grid.levelWidth(l);
                    int h = grid.levelHeight(l);
                    owner[l][(f * h + y) * w + x] = k;
                    if (l == 0) {
                        cells0[k][f] = new int[] { x, y };
                    }
                    if (weights != null) {
                        for (double[] c : grid.spread(l, t.x(f), t.y(f))) {
                            weights[l][((f * h + (int) c[1]) * w + (int) c[0]) * points + k] += (float) c[2];
                        }
                    }
                }
            }
        }
    }

    /** This placement on one context window's frames only (the same points, in the window's order). */
    public PointPlacement window(ContextWindows.Window window) {
        if (window.spacing() == 1 && window.start() == 0 && window.count() == frames) {
            return this;
        }
        List<Trajectory> ts = new ArrayList<>(points);
        boolean[][] vs = new boolean[points][window.count()];
        for (int k = 0; k < points; k++) {
            Trajectory t = trajectories.get(k);
            double[] x = new double[window.count()];
            double[] y = new double[window.count()];
            boolean[] v = new boolean[window.count()];
            float[] c = new float[window.count()];
            for (int i = 0; i < window.count(); i++) {
                int f = window.frame(i);
                x[i] = t.x(f);
                y[i] = t.y(f);
                v[i] = t.visible(f);
                c[i] = t.confidence(f);
                vs[k][i] = visible[k][f];
            }
            ts.add(new Trajectory(x, y, v, c));
        }
        return new PointPlacement(grid, window.count(), ts, vs, used);
    }

    public int points() {
        return points;
    }

    public int frames() {
        return frames;
    }

    public LatentGrid grid() {
        return grid;
    }

    /** The point written at level {@code l}, frame {@code f}, cell (x, y), or -1. */
    public int owner(int level, int frame, int x, int y) {
        return owner[level][(frame * grid.levelHeight(level) + y) * grid.levelWidth(level) + x];
    }

    /** Whether any point writes anywhere. */
    public boolean isEmpty() {
        return Arrays.stream(owner[0]).allMatch(o -> o < 0);
    }

    /**
     * The one-hot placement {@code [F·h·w, K]} of level {@code l} (on a sub-cell grid: the bilinear
     * weights): its product with the MLP outputs {@code [K, C]} is the sparse feature map, and stays
     * differentiable in them.
     */
    public NDArray matrix(int level, NDManager manager) {
        int cells = owner[level].length;
        if (weights != null) {
            return manager.create(weights[level], new Shape(cells, points));
        }
        float[] m = new float[cells * points];
        for (int c = 0; c < cells; c++) {
            int k = owner[level][c];
            if (k >= 0) {
                m[c * points + k] = 1;
            }
        }
        return manager.create(m, new Shape(cells, points));
    }

    /**
     * Ω of Eq. 2: {@code [F, 1, h, w]} at latent resolution, 1 on a {@code patch}×{@code patch} square
     * of cells around every placed point (cells {@code c - patch/2 … c - patch/2 + patch - 1}), else 0.
     */
    public NDArray patchMask(int patch, NDManager manager) {
        int w = grid.latentWidth();
        int h = grid.latentHeight();
        float[] m = new float[frames * h * w];
        for (int k = 0; k < points; k++) {
            for (int f = 0; f < frames; f++) {
                int[] c = cells0[k][f];
                if (c == null) {
                    continue;
                }
                for (int y = c[1] - patch / 2; y < c[1] - patch / 2 + patch; y++) {
                    for (int x = c[0] - patch / 2; x < c[0] - patch / 2 + patch; x++) {
                        if (x >= 0 && y >= 0 && x < w && y < h) {
                            m[(f * h + y) * w + x] = 1;
                        }
                    }
                }
            }
        }
        return manager.create(m, new Shape(frames, 1, h, w));
    }
}
