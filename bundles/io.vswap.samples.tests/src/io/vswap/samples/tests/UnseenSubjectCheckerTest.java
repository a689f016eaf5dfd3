package io.vswap.samples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectPose;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.api.UnseenSubjectChecker;

/**
 * The sample world's unseen subjects (issue 30) and their checker, on known truth: each subject
 * drawn over the world's backgrounds at any place, size and turn, sharp and with blur and noise, is
 * found with its centroid; the world's own subjects and the other unseen subjects are not taken for
 * it; the reference images are what they say.
 */
class UnseenSubjectCheckerTest {

    @TempDir
    Path dir;

    /** {@code count} drawings of {@code s} over the backgrounds of world clips, posed at random. */
    private static int[] score(UnseenSubject s, int count, boolean degrade, boolean knownBackground, long seed) {
        Random r = new Random(seed);
        int found = 0;
        int centroidWithinAPixel = 0;
        for (int i = 0; i < count; i++) {
            SampleClip clip = SampleWorld.clip(seed * 1000 + i, 64, 1);
            float[] bg = clip.background(0);
            double radius = 64 * (0.17 + 0.1 * r.nextDouble());
            double x = radius * 1.2 + r.nextDouble() * (64 - 2.4 * radius);
            double y = radius * 1.2 + r.nextDouble() * (64 - 2.4 * radius);
            UnseenSubject.Drawn d = s.draw(bg, 64, new SubjectPose(x, y, radius, r.nextDouble() * 2 * Math.PI));
            float[] frame = degrade ? Degrade.blurAndNoise(d.frame(), 64, 1.0, 0.03, r) : d.frame();
            UnseenSubjectChecker.Result res = UnseenSubjectChecker.check(frame, 64, s, knownBackground ? bg : null);
            if (res.found()) {
                found++;
                if (Math.hypot(res.centroid()[0] - d.centroid()[0], res.centroid()[1] - d.centroid()[1]) <= 1) {
                    centroidWithinAPixel++;
                }
            }
        }
        return new int[] { found, centroidWithinAPixel };
    }

    @Test
    void eachUnseenSubjectIsFoundWhereverItIsDrawn() {
        for (UnseenSubject s : UnseenSubject.values()) {
            int[] sharp = score(s, 40, false, false, 11);
            int[] known = score(s, 40, false, true, 12);
            int[] degraded = score(s, 40, true, false, 13);
            System.out.printf("unseen %-17s found sharp %d/40 (centroid within 1 px %d), background known %d/40 (%d), "
                    + "blur σ 1 px + noise σ 0.03 %d/40 (%d)%n", s.description(), sharp[0], sharp[1], known[0], known[1],
                    degraded[0], degraded[1]);
            assertTrue(sharp[0] >= 39 && sharp[1] >= 38, s + " sharp");
            assertTrue(known[0] >= 39 && known[1] >= 38, s + " over a known background");
            assertTrue(degraded[0] >= 36, s + " blurred and noisy");
        }
    }

    @Test
    void neitherTheWorldsSubjectsNorTheOtherUnseenOnesAreTakenForOne() {
        int frames = 0;
        int[] taken = new int[UnseenSubject.values().length];
        for (long seed = 0; seed < 50; seed++) {
            SampleClip clip = SampleWorld.clip(300 + seed, 64, 16);
            for (int f = 0; f < 16; f += 5) {
                frames++;
                for (UnseenSubject s : UnseenSubject.values()) {
                    taken[s.ordinal()] += UnseenSubjectChecker.check(clip.frame(f), 64, s).found() ? 1 : 0;
                }
            }
        }
        for (UnseenSubject s : UnseenSubject.values()) {
            System.out.printf("world frames taken for a %s: %d of %d%n", s.description(), taken[s.ordinal()], frames);
            assertTrue(taken[s.ordinal()] <= frames / 200, s + ": " + taken[s.ordinal()] + " of " + frames);
        }
        Random r = new Random(5);
        for (UnseenSubject drawn : UnseenSubject.values()) {
            for (UnseenSubject other : UnseenSubject.values()) {
                if (other == drawn) {
                    continue;
                }
                int mistaken = 0;
                for (int i = 0; i < 30; i++) {
                    float[] bg = SampleWorld.clip(900 + i, 64, 1).background(0);
                    UnseenSubject.Drawn d = drawn.draw(bg, 64, new SubjectPose(20 + 24 * r.nextDouble(),
                            20 + 24 * r.nextDouble(), 12 + 5 * r.nextDouble(), r.nextDouble() * 2 * Math.PI));
                    mistaken += UnseenSubjectChecker.check(d.frame(), 64, other).found() ? 1 : 0;
                }
                assertTrue(mistaken <= 1, "a " + drawn.description() + " taken for a " + other.description() + " "
                        + mistaken + " of 30 times");
            }
        }
    }

    @Test
    void theReferenceImagesShowTheSubjectUpright() throws Exception {
        for (UnseenSubject s : UnseenSubject.values()) {
            List<Path> files = s.writeReferences(dir.resolve(s.word()), 5, 64);
            assertEquals(5, files.size());
            for (int i = 0; i < files.size(); i++) {
                var img = ImageIO.read(files.get(i).toFile());
                assertEquals(64, img.getWidth());
                float[] frame = new float[64 * 64 * 3];
                for (int p = 0; p < 64 * 64; p++) {
                    int rgb = img.getRGB(p % 64, p / 64);
                    frame[3 * p] = (rgb >> 16 & 255) / 255f;
                    frame[3 * p + 1] = (rgb >> 8 & 255) / 255f;
                    frame[3 * p + 2] = (rgb & 255) / 255f;
                }
                UnseenSubjectChecker.Result res = UnseenSubjectChecker.check(frame, 64, s);
                UnseenSubject.Drawn truth = s.references(5, 64).get(i);
                assertTrue(res.found(), s + " reference " + (i + 1) + " iou " + res.shapeIou() + " shares "
                        + java.util.Arrays.toString(res.colourShares()) + " area " + res.area());
                assertEquals(truth.centroid()[0], res.centroid()[0], 1.0);
                assertEquals(truth.centroid()[1], res.centroid()[1], 1.0);
            }
        }
    }
}
