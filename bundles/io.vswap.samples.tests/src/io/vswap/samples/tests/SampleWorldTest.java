package io.vswap.samples.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectPose;
import io.vswap.samples.api.SubjectShape;

/** The generator: determinism, captions, ground truth that agrees with the pixels, motion bounds. */
class SampleWorldTest {

    @Test
    void sameArgumentsGiveIdenticalPixels() {
        for (long seed : new long[] { 1, 42, -7 }) {
            SampleClip a = SampleWorld.clip(seed, 64, 16);
            SampleClip b = SampleWorld.clip(seed, 64, 16);
            assertEquals(a.spec(), b.spec());
            for (int f = 0; f < 16; f++) {
                assertArrayEquals(a.frame(f), b.frame(f));
                assertArrayEquals(a.frameRgb(f), b.frameRgb(f));
            }
        }
        assertArrayEquals(SampleWorld.image(5, 128).frame(0), SampleWorld.image(5, 128).frame(0));
    }

    /** A golden hash: pixels must not change between JVMs or by accident. */
    @Test
    void pixelsMatchTheirGoldenHash() {
        SampleClip c = SampleWorld.clip(2024, 64, 4);
        long h = 1125899906842597L;
        for (int f = 0; f < 4; f++) {
            for (float v : c.frame(f)) {
                h = 31 * h + Float.floatToIntBits(v);
            }
        }
        System.out.println("golden hash of clip(2024, 64, 4): " + h);
        assertEquals(Golden.CLIP_2024_64_4, h, "the sample world's pixels changed; if on purpose, update Golden");
    }

    @Test
    void aGivenSpecMovesAlongTheSeedsPath() {
        SampleSpec spec = new SampleSpec(SubjectShape.STAR, SubjectColor.CYAN, BackgroundPattern.CHECKER,
                BackgroundColor.BROWN);
        SampleClip a = SampleWorld.clip(9, 64, 16);
        SampleClip b = SampleWorld.clip(9, 64, 16, spec);
        assertEquals(spec, b.spec());
        for (int f = 0; f < 16; f++) {
            assertEquals(a.pose(f), b.pose(f));
        }
    }

    @Test
    void captionsHaveTheirFixedFormAndUseOnlyTheVocabulary() {
        Pattern form = Pattern.compile("a [a-z]+ [a-z]+ on a [a-z]+ [a-z]+ background");
        Set<String> vocabulary = new HashSet<>(SampleWorld.vocabulary());
        List<String> sorted = SampleWorld.vocabulary().stream().sorted().distinct().toList();
        assertEquals(sorted, SampleWorld.vocabulary());
        assertEquals("a red disc on a blue striped background", new SampleSpec(SubjectShape.DISC, SubjectColor.RED,
                BackgroundPattern.STRIPES, BackgroundColor.BLUE).caption());
        for (SubjectShape s : SubjectShape.values()) {
            for (SubjectColor c : SubjectColor.values()) {
                for (BackgroundPattern p : BackgroundPattern.values()) {
                    for (BackgroundColor b : BackgroundColor.values()) {
                        String caption = new SampleSpec(s, c, p, b).caption();
                        assertTrue(form.matcher(caption).matches(), caption);
                        for (String w : caption.split(" ")) {
                            assertTrue(vocabulary.contains(w), w + " of \"" + caption + "\" is not in the vocabulary");
                        }
                    }
                }
            }
        }
        Random r = new Random(3);
        Set<SampleSpec> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            seen.add(SampleSpec.random(r));
        }
        assertEquals(6 * 6 * 4 * 5, seen.size(), "random specs should reach every combination");
    }

    @Test
    void backgroundTonesAreMutedAndSubjectColoursSaturated() {
        for (BackgroundColor b : BackgroundColor.values()) {
            float[] c = b.rgb();
            assertTrue(chroma(c) * 1.18 < 0.2, b + " is too saturated");
        }
        for (SubjectColor s : SubjectColor.values()) {
            assertTrue(chroma(s.rgb()) > 0.6, s + " is not saturated enough");
        }
    }

    @Test
    void theFrameIsTheBackgroundWithTheSubjectOverIt() {
        SampleClip c = SampleWorld.clip(11, 64, 16);
        float[] colour = c.spec().color().rgb();
        for (int f = 0; f < 16; f += 5) {
            float[] img = c.frame(f);
            float[] bg = c.background(f);
            float[] cov = c.coverage(f);
            for (int p = 0; p < cov.length; p++) {
                for (int k = 0; k < 3; k++) {
                    float want = bg[3 * p + k] + cov[p] * (colour[k] - bg[3 * p + k]);
                    assertEquals(want, img[3 * p + k], 1e-6);
                }
            }
        }
    }

    @Test
    void subjectSizeScalesWithTheFrame() {
        for (int size : new int[] { 32, 64, 128, 100 }) {
            for (long seed = 0; seed < 20; seed++) {
                SampleClip c = SampleWorld.clip(seed, size, 16);
                for (int f = 0; f < 16; f++) {
                    double r = c.pose(f).radius() / size;
                    assertTrue(r >= 0.17 && r <= 0.28, "radius " + r + " of the frame");
                }
                double r = SampleWorld.image(seed, size).pose(0).radius() / size;
                assertTrue(r >= 0.17 && r <= 0.28, "image radius " + r + " of the frame");
            }
        }
    }

    @Test
    void motionIsSmoothAndSometimesLeavesTheFramePartly() {
        int exits = 0;
        int clips = 200;
        for (long seed = 0; seed < clips; seed++) {
            SampleClip c = SampleWorld.clip(seed, 64, 16);
            boolean out = false;
            for (int f = 0; f < 16; f++) {
                assertTrue(c.area(f) > 0, "seed " + seed + " frame " + f + ": the subject left the frame entirely");
                out |= c.partlyOut(f);
                if (f > 0) {
                    double[] a = c.centroid(f - 1);
                    double[] b = c.centroid(f);
                    double step = Math.hypot(a[0] - b[0], a[1] - b[1]);
                    assertTrue(step <= 0.07 * 64, "seed " + seed + ": centroid moved " + step + " px in a frame");
                    SubjectPose p = c.pose(f - 1);
                    SubjectPose q = c.pose(f);
                    assertTrue(Math.abs(p.radius() / q.radius() - 1) < 0.05, "scale jumps");
                    assertTrue(Math.abs(p.rotation() - q.rotation()) < 0.25, "rotation jumps");
                }
            }
            exits += out ? 1 : 0;
        }
        System.out.printf("%d of %d clips have the subject partly out of the frame%n", exits, clips);
        assertTrue(exits >= clips / 10 && exits <= clips * 3 / 10, exits + " exits in " + clips + " clips");
    }

    @Test
    void pointsTurnWithTheShape() {
        SampleSpec spec = new SampleSpec(SubjectShape.STAR, SubjectColor.RED, BackgroundPattern.GRADIENT,
                BackgroundColor.GREY);
        for (long seed = 0; seed < 10; seed++) {
            SampleClip c = SampleWorld.clip(seed, 128, 16, spec);
            Map<String, double[][]> points = c.points();
            assertEquals(List.of("tip1", "tip2", "tip3", "tip4", "tip5"), List.copyOf(points.keySet()));
            for (int f = 0; f < 16; f += 3) {
                SubjectPose p = c.pose(f);
                boolean[] mask = c.mask(f);
                for (double[][] track : points.values()) {
                    double[] t = track[f];
                    double d = Math.hypot(t[0] - p.x(), t[1] - p.y());
                    // a tip is a local maximum of the distance from the centre along the outline:
                    // points a little to either side of it (same radius, ±10° round the centre) are outside
                    double a = Math.atan2(t[1] - p.y(), t[0] - p.x());
                    for (double da : new double[] { -0.18, 0.18 }) {
                        double x = p.x() + 0.95 * d * Math.cos(a + da);
                        double y = p.y() + 0.95 * d * Math.sin(a + da);
                        int i = (int) Math.round(x);
                        int j = (int) Math.round(y);
                        if (i >= 0 && j >= 0 && i < 128 && j < 128) {
                            assertFalse(mask[j * 128 + i], "beside a tip should be background");
                        }
                    }
                    double x = p.x() + 0.85 * d * Math.cos(a);
                    double y = p.y() + 0.85 * d * Math.sin(a);
                    int i = (int) Math.round(x);
                    int j = (int) Math.round(y);
                    if (t[2] == 1 && i >= 0 && j >= 0 && i < 128 && j < 128) {
                        assertTrue(mask[j * 128 + i], "just inside a tip should be the subject");
                    }
                }
            }
        }
        // rotation 0 is upright: a square's corners are named by where they are then
        SampleClip still = SampleWorld.image(1, 128, new SampleSpec(SubjectShape.SQUARE, SubjectColor.RED,
                BackgroundPattern.GRADIENT, BackgroundColor.GREY));
        SubjectPose p = still.pose(0);
        double[] tl = still.points().get("top-left")[0];
        double c = Math.cos(p.rotation());
        double s = Math.sin(p.rotation());
        double dx = tl[0] - p.x();
        double dy = tl[1] - p.y();
        // undo the rotation: the corner is up and to the left
        assertTrue(c * dx + s * dy < 0 && -s * dx + c * dy < 0);
    }

    @Test
    void pointVisibilityFollowsTheFrame() {
        for (long seed = 0; seed < 100; seed++) {
            SampleClip c = SampleWorld.clip(seed, 64, 16);
            for (double[][] track : c.points().values()) {
                for (double[] t : track) {
                    boolean inside = t[0] >= -0.5 && t[0] <= 63.5 && t[1] >= -0.5 && t[1] <= 63.5;
                    assertEquals(inside ? 1.0 : 0.0, t[2]);
                }
            }
        }
    }

    private static double chroma(float[] c) {
        return Math.max(c[0], Math.max(c[1], c[2])) - Math.min(c[0], Math.min(c[1], c[2]));
    }
}
