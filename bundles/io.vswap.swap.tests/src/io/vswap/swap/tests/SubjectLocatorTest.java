package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.swap.internal.PlacementGuidance;
import io.vswap.swap.internal.SubjectLocator;
import io.vswap.video.api.RgbFrame;

/** GrabCut seeded by a coarse attention-like map, on the sample world's rendered frames against their truth. */
class SubjectLocatorTest {

    private static final int SIZE = 64;
    private static final int CELL = 4;
    private static final int GRID = SIZE / CELL;

    /**
     * A map like the subject's cross-attention on the sample model: the subject's coverage pooled to
     * 4-px cells, blurred over 3×3 cells and moved {@code shiftCells} to the right, so its own centroid
     * lies cells off the subject.
     */
    static float[] attentionLike(SampleClip clip, int f, int shiftCells) {
        float[] coverage = clip.coverage(f);
        float[] pooled = new float[GRID * GRID];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                pooled[(y / CELL) * GRID + x / CELL] += coverage[y * SIZE + x] / (CELL * CELL);
            }
        }
        float[] map = new float[GRID * GRID];
        for (int y = 0; y < GRID; y++) {
            for (int x = 0; x < GRID; x++) {
                float sum = 0.01f; // the weak attention a word spreads everywhere
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx - shiftCells;
                        if (yy >= 0 && xx >= 0 && yy < GRID && xx < GRID) {
                            sum += pooled[yy * GRID + xx] / 9;
                        }
                    }
                }
                map[y * GRID + x] = sum;
            }
        }
        return map;
    }

    @Test
    void grabCutFindsEverySampleSubjectToWithinAPixelWhereTheMapsCentroidIsCellsOff() {
        SubjectLocator locator = new SubjectLocator(0.5, 2);
        List<Double> errors = new ArrayList<>();
        List<Double> mapErrors = new ArrayList<>();
        // twelve clips: every shape, colour and background pattern of the world turns up among them
        for (long seed = 101; seed <= 112; seed++) {
            SampleClip clip = SampleWorld.clip(seed, SIZE, 4);
            for (int f = 0; f < clip.frameCount(); f++) {
                if (clip.partlyOut(f)) {
                    continue;
                }
                float[] map = attentionLike(clip, f, 1);
                double[] truth = clip.centroid(f);
                double[] found = locator.centroid(new RgbFrame(f, SIZE, SIZE, clip.frameRgb(f)), map, GRID, GRID);
                assertNotNull(found, "seed " + seed + " frame " + f + ": " + clip.caption());
                double error = Math.hypot(found[0] - truth[0], found[1] - truth[1]);
                assertTrue(error < 1.5, "seed " + seed + " frame " + f + " (" + clip.caption() + "): " + error + " px");
                errors.add(error);
                float[] cells = PlacementGuidance.centroids(map, 1, GRID, GRID)[0];
                // cell centres at 0.5: pixel (x + 0.5) / CELL, so pixel = cells * CELL - 0.5
                mapErrors.add(Math.hypot(cells[0] * CELL - 0.5 - truth[0], cells[1] * CELL - 0.5 - truth[1]));
            }
        }
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double mapMean = mapErrors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(errors.size() >= 30, "frames measured: " + errors.size());
        assertTrue(mean < 0.5, "mean " + mean + " px over " + errors.size() + " frames");
        assertTrue(mapMean > 3, "the seed map's own centroid is a cell off: " + mapMean + " px");
    }

    @Test
    void aFlatMapOrOneWithNoBackgroundLeftFindsNothing() {
        SubjectLocator locator = new SubjectLocator(0.5, 2);
        SampleClip clip = SampleWorld.clip(101, SIZE, 1);
        RgbFrame frame = new RgbFrame(0, SIZE, SIZE, clip.frameRgb(0));
        float[] flat = new float[GRID * GRID];
        java.util.Arrays.fill(flat, 0.2f);
        assertNull(locator.centroid(frame, flat, GRID, GRID), "a flat map marks no subject");
        float[] everywhere = new float[GRID * GRID];
        for (int i = 0; i < everywhere.length; i++) {
            everywhere[i] = 0.5f + (i % 2) * 0.5f; // every other cell at the top of the range
        }
        // cells at the bottom of the range are below the threshold, yet within the margin of subject
        // cells everywhere: no cell is sure background, so GrabCut has nothing to learn it from
        assertNull(locator.centroid(frame, everywhere, GRID, GRID), "no sure background");
        double[][] both = locator.centroids(List.of(frame, frame), concat(attentionLike(clip, 0, 0), flat), GRID, GRID);
        assertNotNull(both[0]);
        assertNull(both[1]);
        assertThrows(IllegalArgumentException.class, () -> locator.centroids(List.of(frame), flat, GRID, GRID / 2));
        assertThrows(IllegalArgumentException.class, () -> new SubjectLocator(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new SubjectLocator(0.3, 0));
        assertEquals(2, both.length);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
