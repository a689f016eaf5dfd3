package io.vswap.samples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.CheckResult;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectChecker;

/**
 * The checker reads generated frames back: shape and colour right, centroid within a pixel,
 * with the background known, without it, and on blurred noisy frames (a model's output).
 */
class SubjectCheckerTest {

    /** One generated frame and its truth. */
    private record Case(SampleClip clip, int frame) {
    }

    /** Tallies one mode's answers. */
    private static final class Score {
        final String mode;
        int frames;
        int right;
        int centroidWithinAPixel;
        double worstCentroid;
        final List<String> misses = new ArrayList<>();

        Score(String mode) {
            this.mode = mode;
        }

        void add(Case c, CheckResult r) {
            frames++;
            boolean ok = r.shape() == c.clip().spec().shape() && r.color() == c.clip().spec().color();
            right += ok ? 1 : 0;
            double[] truth = c.clip().centroid(c.frame());
            double e = r.found() ? Math.hypot(r.centroid()[0] - truth[0], r.centroid()[1] - truth[1]) : 1e9;
            centroidWithinAPixel += e <= 1 ? 1 : 0;
            worstCentroid = Math.max(worstCentroid, e);
            if (!ok && misses.size() < 10) {
                misses.add(c.clip().caption() + " frame " + c.frame() + " → " + r.shape() + " " + r.color()
                        + String.format(" (IoU %.2f)", r.confidence()));
            }
        }

        double accuracy() {
            return (double) right / frames;
        }

        double centroidRate() {
            return (double) centroidWithinAPixel / frames;
        }

        void print() {
            System.out.printf("checker %-34s %4d frames: shape and colour right %.1f %%, centroid within 1 px %.1f %%"
                    + " (worst %.2f px)%n", mode, frames, 100 * accuracy(), 100 * centroidRate(), worstCentroid);
            misses.forEach(m -> System.out.println("  missed: " + m));
        }
    }

    private static List<Case> cases(int size, int clips, long firstSeed) {
        List<Case> out = new ArrayList<>();
        for (long s = 0; s < clips; s++) {
            SampleClip c = SampleWorld.clip(firstSeed + s, size, 16);
            // four frames a clip, spread over it; and every frame a subject is partly out on
            for (int f = 0; f < 16; f++) {
                if (f % 4 == s % 4 || c.partlyOut(f)) {
                    out.add(new Case(c, f));
                }
            }
        }
        return out;
    }

    @Test
    void readsGeneratedFramesBack() {
        List<Case> cases = new ArrayList<>(cases(64, 80, 1000));
        cases.addAll(cases(128, 10, 5000));
        for (long s = 0; s < 20; s++) {
            cases.add(new Case(SampleWorld.image(7000 + s, 64), 0));
        }
        long partlyOut = cases.stream().filter(c -> c.clip().partlyOut(c.frame())).count();
        assertTrue(cases.size() >= 300 && partlyOut >= 20, cases.size() + " frames, " + partlyOut + " partly out");
        Score known = new Score("with the background known");
        Score colour = new Score("by colour alone");
        Score degraded = new Score("by colour, blur σ 1 px + noise σ 0.03");
        for (Case c : cases) {
            SampleClip clip = c.clip();
            float[] frame = clip.frame(c.frame());
            known.add(c, SubjectChecker.check(frame, clip.size(), clip.background(c.frame())));
            colour.add(c, SubjectChecker.check(frame, clip.size()));
            Random noise = new Random(clip.pose(0).hashCode() * 31L + c.frame());
            degraded.add(c, SubjectChecker.check(Degrade.blurAndNoise(frame, clip.size(), 1.0, 0.03, noise),
                    clip.size()));
        }
        System.out.println(cases.size() + " frames, " + partlyOut + " with the subject partly out of the frame");
        known.print();
        colour.print();
        degraded.print();
        assertTrue(known.accuracy() >= 0.98 && known.centroidRate() >= 0.98, known.mode);
        assertTrue(colour.accuracy() >= 0.98 && colour.centroidRate() >= 0.98, colour.mode);
        assertTrue(degraded.accuracy() >= 0.90, degraded.mode);
    }

    @Test
    void eightBitFramesReadTheSame() {
        SampleClip c = SampleWorld.clip(77, 64, 16);
        for (int f = 0; f < 16; f += 5) {
            byte[] rgb = c.frameRgb(f);
            float[] frame = new float[rgb.length];
            for (int i = 0; i < rgb.length; i++) {
                frame[i] = (rgb[i] & 0xff) / 255f;
            }
            CheckResult r = SubjectChecker.check(frame, 64, c.background(f));
            assertEquals(c.spec().shape(), r.shape());
            assertEquals(c.spec().color(), r.color());
            assertEquals(c.area(f), r.area(), 3);
        }
    }

    @Test
    void aBackgroundAloneHasNoSubject() {
        for (long seed = 0; seed < 40; seed++) {
            SampleClip c = SampleWorld.clip(seed, 64, 2);
            float[] bg = c.background(1);
            CheckResult known = SubjectChecker.check(bg, 64, bg);
            assertFalse(known.found(), "background known, seed " + seed);
            assertEquals(0, known.area());
            CheckResult blind = SubjectChecker.check(bg, 64);
            assertFalse(blind.found(), "by colour, seed " + seed + ": " + c.spec().background() + " "
                    + c.spec().pattern() + " → " + blind.shape() + " " + blind.color());
            CheckResult noisy = SubjectChecker.check(Degrade.blurAndNoise(bg, 64, 1.0, 0.03, new Random(seed)), 64);
            assertFalse(noisy.found(), "by colour with noise, seed " + seed);
        }
    }
}
