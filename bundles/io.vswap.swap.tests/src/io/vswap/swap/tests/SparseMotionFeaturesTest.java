package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.internal.LatentGrid;
import io.vswap.swap.internal.MotionFeatureAdapter;
import io.vswap.swap.internal.PointPlacement;

/** Algorithm 1: where a point's MLP output lands at each encoder level, and nowhere else. */
class SparseMotionFeaturesTest {

    static final List<Integer> TINY_CHANNELS = List.of(32, 64);

    static Trajectory still(int frames, double x, double y, int... hiddenFrames) {
        double[] xs = new double[frames];
        double[] ys = new double[frames];
        boolean[] v = new boolean[frames];
        float[] c = new float[frames];
        java.util.Arrays.fill(xs, x);
        java.util.Arrays.fill(ys, y);
        java.util.Arrays.fill(v, true);
        java.util.Arrays.fill(c, 1);
        for (int f : hiddenFrames) {
            v[f] = false;
        }
        return new Trajectory(xs, ys, v, c);
    }

    static boolean[][] visibility(List<Trajectory> ts) {
        return ts.stream().map(Trajectory::visibility).toArray(boolean[][]::new);
    }

    @Test
    void sd15GridPutsAPointAtRoundOfItsLatentPositionOverTwoToTheLevel() {
        LatentGrid g = new LatentGrid(512, 512, 8, List.of(320, 640, 1280, 1280));
        // pixel 195.5 is the centre of latent cell 24; pixel 323.5 that of cell 40
        int[] columns = { 24, 12, 6, 3 };
        int[] rows = { 40, 20, 10, 5 };
        for (int l = 0; l < 4; l++) {
            assertEquals(columns[l], g.column(l, 195.5), "level " + l);
            assertEquals(rows[l], g.row(l, 323.5), "level " + l);
        }
        assertEquals(64, g.levelWidth(0));
        assertEquals(8, g.levelWidth(3));
        // the frame's last pixel stays on the grid at every level
        for (int l = 0; l < 4; l++) {
            assertEquals(g.levelWidth(l) - 1, g.column(l, 511));
            assertEquals(0, g.column(l, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new LatentGrid(500, 512, 8, List.of(320, 640)));
    }

    @Test
    void eachPointWritesItsMlpOutputAtItsCellOnVisibleFramesOnly() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    MotionFeatureAdapter a = MotionFeatureAdapter.create(32, TINY_CHANNELS, root, 5);
                    NDManager step = root.newSubManager()) {
                LatentGrid g = new LatentGrid(64, 64, 4, TINY_CHANNELS); // 16x16 and 8x8
                // point 0 at pixel (21.5, 41.5) = latent (5, 10): level 1 cell (round(2.5)=3, 5); hidden on frame 2
                // point 1 at pixel (57.5, 9.5) = latent (14, 2): level 1 cell (7, 1)
                // point 2 is removed for this edit (not used)
                List<Trajectory> ts = List.of(still(4, 21.5, 41.5, 2), still(4, 57.5, 9.5), still(4, 30, 30));
                PointPlacement p = new PointPlacement(g, 4, ts, visibility(ts), new boolean[] { true, true, false });
                NDArray emb = SeededNoise.normal(step, 3, new Shape(3, 32));
                List<NDArray> maps = a.features(emb, p, 1.0, step);
                assertEquals(new Shape(4, 32, 16, 16), maps.get(0).getShape());
                assertEquals(new Shape(4, 64, 8, 8), maps.get(1).getShape());

                // each point's own MLP output: placed alone on its cell
                int[][][] cells = { { { 5, 10 }, { 3, 5 } }, { { 14, 2 }, { 7, 1 } } };
                for (int l = 0; l < 2; l++) {
                    float[] m = maps.get(l).toFloatArray();
                    int c = TINY_CHANNELS.get(l);
                    int w = g.levelWidth(l);
                    int nonZeroCells = 0;
                    for (int f = 0; f < 4; f++) {
                        for (int y = 0; y < w; y++) {
                            for (int x = 0; x < w; x++) {
                                boolean any = false;
                                for (int ch = 0; ch < c; ch++) {
                                    any |= m[((f * c + ch) * w + y) * w + x] != 0;
                                }
                                int owner = p.owner(l, f, x, y);
                                boolean p0 = f != 2 && x == cells[0][l][0] && y == cells[0][l][1];
                                boolean p1 = x == cells[1][l][0] && y == cells[1][l][1];
                                assertEquals(p0 ? 0 : p1 ? 1 : -1, owner, "level " + l + " frame " + f + " " + x + "," + y);
                                assertEquals(owner >= 0, any, "level " + l + " frame " + f + " cell " + x + "," + y);
                                nonZeroCells += any ? 1 : 0;
                            }
                        }
                    }
                    assertEquals(3 + 4, nonZeroCells, "point 0 on 3 visible frames, point 1 on 4, point 2 nowhere");
                }
                // the value at a point's cell is φ^l(its embedding): the same when that point is placed alone
                List<Trajectory> alone = List.of(ts.get(1));
                PointPlacement p1 = new PointPlacement(g, 4, alone, visibility(alone), null);
                NDArray e1 = emb.get("1:2");
                float[] together = maps.get(1).get(":, :, 1, 7").toFloatArray();
                float[] single = a.features(e1, p1, 1.0, step).get(1).get(":, :, 1, 7").toFloatArray();
                assertArrayEquals(single, together, 1e-6f);
                // the scale multiplies the features
                float[] half = a.features(emb, p, 0.5, step).get(0).toFloatArray();
                float[] full = maps.get(0).toFloatArray();
                for (int i = 0; i < full.length; i++) {
                    assertEquals(full[i] * 0.5f, half[i], 1e-6f);
                }
                // nobody placed: zero maps of the right shape
                PointPlacement none = new PointPlacement(g, 4, List.of(), new boolean[0][], null);
                NDArray zero = a.features(step.zeros(new Shape(0, 32)), none, 0.5, step).get(1);
                assertEquals(new Shape(4, 64, 8, 8), zero.getShape());
                assertEquals(0f, zero.abs().max().getFloat());
            }
            return null;
        });
    }

    @Test
    void subCellGridSpreadsEachPointBilinearlySoItsFeaturesCentreOnItsExactPosition() throws Exception {
        LatentGrid g = new LatentGrid(64, 64, 4, TINY_CHANNELS, true);
        // pixel (22.5, 43.5) = latent (5.25, 10.5): level 0 cells (5|6, 10|11), level 1 at (2.625, 5.25)
        double[][] c = g.spread(0, 22.5, 43.5);
        assertEquals(4, c.length);
        double[][] expected = { { 5, 10, 0.375 }, { 6, 10, 0.125 }, { 5, 11, 0.375 }, { 6, 11, 0.125 } };
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], c[i], 1e-12);
        }
        // on a cell centre: that cell alone; past the frame's edge: the edge cell
        assertEquals(1, g.spread(0, 21.5, 41.5).length);
        assertArrayEquals(new double[] { 15, 0, 1 }, g.spread(0, 70, -3)[0], 1e-12);
        assertArrayEquals(new double[] { 0, 0, 1 }, new LatentGrid(64, 64, 4, TINY_CHANNELS).spread(0, -1, -1)[0], 1e-12);

        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    MotionFeatureAdapter a = MotionFeatureAdapter.create(32, TINY_CHANNELS, root, 5);
                    NDManager step = root.newSubManager()) {
                List<Trajectory> ts = List.of(still(2, 22.5, 43.5), still(2, 40.1, 8.9));
                PointPlacement sub = new PointPlacement(g, 2, ts, visibility(ts), null);
                PointPlacement nearest = new PointPlacement(new LatentGrid(64, 64, 4, TINY_CHANNELS), 2, ts,
                        visibility(ts), null);
                NDArray emb = SeededNoise.normal(step, 3, new Shape(2, 32));
                for (int l = 0; l < 2; l++) {
                    NDArray m = sub.matrix(l, step);
                    // every placed point carries weight 1 in all, at every level and frame
                    assertArrayEquals(new float[] { 2, 2 }, m.sum(new int[] { 0 }).toFloatArray(), 1e-6f);
                    // its weighted centre is its exact level coordinate, where rounding moves it
                    float[] w = m.toFloatArray();
                    int lw = g.levelWidth(l);
                    double cx = 0;
                    double cy = 0;
                    for (int cell = 0; cell < lw * lw; cell++) { // frame 0
                        cx += w[cell * 2] * (cell % lw);
                        cy += w[cell * 2] * (cell / lw);
                    }
                    assertEquals(g.latent(22.5) / (1 << l), cx, 1e-5, "level " + l);
                    assertEquals(g.latent(43.5) / (1 << l), cy, 1e-5, "level " + l);
                    // the nearest grid keeps Algorithm 1's one cell per point and frame
                    NDArray one = nearest.matrix(l, step);
                    assertEquals(4f, one.gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).sum().getFloat());
                    assertEquals(1f, one.get(nearest.grid().row(l, 43.5) * lw + nearest.grid().column(l, 22.5), 0).getFloat());
                }
                // the features are the weights times each point's MLP output: at level 0, cell (6, 11)
                // of point 0 holds an eighth of what the nearest grid writes at its one cell (5, round(10.5) = 11)
                NDArray subMap = a.features(emb, sub, 1.0, step).get(0);
                NDArray oneMap = a.features(emb, nearest, 1.0, step).get(0);
                float[] eighth = subMap.get(":, :, 11, 6").toFloatArray();
                float[] whole = oneMap.get(":, :, 11, 5").toFloatArray();
                for (int i = 0; i < whole.length; i++) {
                    assertEquals(whole[i] * 0.125f, eighth[i], 1e-5f);
                }
                assertEquals(0f, oneMap.get(":, :, 11, 6").abs().max().getFloat(), "rounding writes one cell only");
            }
            return null;
        });
    }

    @Test
    void patchMaskIsAFourByFourSquareAroundEachPlacedPoint() throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                LatentGrid g = new LatentGrid(64, 64, 4, TINY_CHANNELS);
                List<Trajectory> ts = List.of(still(2, 21.5, 41.5, 1), still(2, 1.5, 1.5));
                float[] mask = new PointPlacement(g, 2, ts, visibility(ts), null).patchMask(4, m).toFloatArray();
                int on0 = 0;
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean around0 = x >= 3 && x <= 6 && y >= 8 && y <= 11; // cell (5, 10)
                        boolean around1 = x <= 1 && y <= 1; // cell (0, 0), clipped at the border
                        assertEquals(around0 || around1 ? 1f : 0f, mask[y * 16 + x], "frame 0 " + x + "," + y);
                        assertEquals(around1 ? 1f : 0f, mask[256 + y * 16 + x], "frame 1 " + x + "," + y);
                        on0 += (int) mask[y * 16 + x];
                    }
                }
                assertEquals(16 + 4, on0);
            }
            return null;
        });
    }

    @Test
    void mlpsSaveAndLoadAsSafetensors(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    MotionFeatureAdapter a = MotionFeatureAdapter.create(32, TINY_CHANNELS, root, 5)) {
                Path file = dir.resolve("mlps.safetensors");
                a.save(file);
                try (MotionFeatureAdapter b = MotionFeatureAdapter.load(file, 32, TINY_CHANNELS, root)) {
                    assertEquals(8, b.parameters().size());
                    assertEquals(new Shape(128, 32), b.parameters().get("mlps.0.0.weight").getShape());
                    assertEquals(new Shape(64, 128), b.parameters().get("mlps.1.2.weight").getShape());
                    for (var e : a.parameters().entrySet()) {
                        assertArrayEquals(e.getValue().toFloatArray(), b.parameters().get(e.getKey()).toFloatArray(),
                                e.getKey());
                    }
                }
                IOException e = assertThrows(IOException.class,
                        () -> MotionFeatureAdapter.load(file, 64, TINY_CHANNELS, root));
                assertTrue(e.getMessage().contains("mlps.0.0.weight"), e.getMessage());
            }
            return null;
        });
    }
}
