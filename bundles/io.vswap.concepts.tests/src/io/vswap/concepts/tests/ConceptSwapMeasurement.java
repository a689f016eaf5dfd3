package io.vswap.concepts.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.ModelKey;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.eval.api.Psnr;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.UnseenSubject;
import io.vswap.samples.api.UnseenSubjectChecker;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.testing.TestServices;
import io.vswap.testing.TruthPoints;
import io.vswap.video.api.RgbFrame;

/**
 * A measurement, not part of the suite (run it by name with {@code VSWAP_MEASURE_CONCEPT_SWAP=<library
 * folder>} and optionally {@code VSWAP_MEASURE_CLIPS=<n>}): issue 30's figure (b). Each concept of the
 * library whose class word is one of the sample world's unseen subjects swaps the subject of {@code n}
 * sample clips (seeds 1…n, 16 frames of 64×64, the clip's truth points as tracked points, VideoSwap with
 * the sample model's recommended settings, the source side shared by the clip's edits); then the class
 * word alone as the control. Per frame, {@link UnseenSubjectChecker} with the source's background known:
 * the concept found, its centroid within 2 px of the source subject's, and the background's PSNR outside
 * the source subject and what was found there (each grown by 2 px).
 */
class ConceptSwapMeasurement {

    @Test
    void conceptsSwapSampleClipsSubjects() throws Exception {
        String library = System.getenv("VSWAP_MEASURE_CONCEPT_SWAP");
        if (library == null) {
            System.out.println("nothing measured: set VSWAP_MEASURE_CONCEPT_SWAP to a concept library folder");
            return;
        }
        int clips = Integer.parseInt(System.getenv().getOrDefault("VSWAP_MEASURE_CLIPS", "10"));
        Path settings = Files.createTempFile("concepts", ".json");
        System.setProperty("vswap.concepts.settings", settings.toString());
        ConceptStore store = TestServices.await(ConceptStore.class);
        store.setLibraries(Path.of(library), List.of());
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        EditMethod videoSwap = TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "videoswap").get("videoswap");
        VideoDiffusionModel.Layout layout = SampleModel.shipped();
        Map<String, Object> values = ModelSettings.resolve(videoSwap.settings(),
                ModelSettings.recommended(layout.folder(), videoSwap), Map.of());
        Path caches = Files.createTempDirectory("concept-swap-cache");
        System.out.printf(Locale.ROOT, "load average before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        rt.call(() -> {
            try (NDManager root = rt.newManager(); VideoDiffusionModel m = VideoDiffusionModel.load(layout, root)) {
                DiffusionModels models = new DiffusionModels(rt, m);
                for (StoredConcept c : store.all()) {
                    String only = System.getenv("VSWAP_MEASURE_TOKENS");
                    if (c.concept().isEmpty() || only != null && !only.contains(c.require().token())) {
                        continue;
                    }
                    UnseenSubject subject = UnseenSubject.byWord(c.require().classWord());
                    Score concept = new Score(c.require().token());
                    Score control = new Score(subject.word() + " (class word alone)");
                    long t0 = System.nanoTime();
                    for (int seed = 1; seed <= clips; seed++) {
                        SampleClip clip = SampleWorld.clip(seed, 64, 16);
                        PreprocessingCache cache = new PreprocessingCache(Files.createDirectories(
                                caches.resolve("clip" + seed)), ModelKey.of(layout));
                        EditResult swapped = edit(videoSwap, models, clip, c.require().token(), values, cache);
                        // the class word alone as the control, unless VSWAP_MEASURE_CONTROL=false (half the time)
                        boolean withControl = !"false".equals(System.getenv("VSWAP_MEASURE_CONTROL"));
                        EditResult word = withControl ? edit(videoSwap, models, clip, subject.word(), values, cache)
                                : null;
                        concept.add(clip, subject, swapped);
                        if (word != null) {
                            control.add(clip, subject, word);
                        }
                        if (seed <= 3) {
                            sheet(clip, word == null ? List.of(swapped) : List.of(swapped, word),
                                    Path.of("target/concept-swaps").resolve(c.id() + "-seed" + seed + ".png"));
                        }
                    }
                    System.out.printf(Locale.ROOT, "%s on %d clips in %.1f min:%n", c.require().name(), clips,
                            (System.nanoTime() - t0) / 60e9);
                    concept.print();
                    if (control.frames > 0) {
                        control.print();
                    }
                }
            }
            return null;
        });
        System.out.printf(Locale.ROOT, "load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static EditResult edit(EditMethod method, DiffusionModels models, SampleClip clip, String target,
            Map<String, Object> values, PreprocessingCache cache) throws Exception {
        List<RgbFrame> frames = new ArrayList<>();
        for (int f = 0; f < clip.frameCount(); f++) {
            frames.add(new RgbFrame(f, clip.size(), clip.size(), clip.frameRgb(f)));
        }
        return method.run(new EditRequest(models, frames, TruthPoints.of(clip, "truth"), null, clip.caption(),
                clip.spec().shape().word(), target, values, cache), new NullProgressMonitor());
    }

    /** Frames where the subject was found, where it sat within 2 px of the source's, and the background's PSNR. */
    private static final class Score {
        final String what;
        int frames;
        int found;
        int placed;
        double psnrSum;
        double psnrMin = Double.MAX_VALUE;
        int psnrCount;

        Score(String what) {
            this.what = what;
        }

        void add(SampleClip clip, UnseenSubject subject, EditResult result) {
            int size = clip.size();
            for (int f = 0; f < result.frames().size(); f++) {
                float[] out = floats(result.frames().get(f).rgb());
                UnseenSubjectChecker.Result r = UnseenSubjectChecker.check(out, size, subject, clip.background(f));
                if (f % 5 == 0) {
                    System.out.printf(Locale.ROOT, "    %s frame %d: area %d, shape IoU %.2f, colour shares %s%n", what,
                            f, r.area(), r.shapeIou(), java.util.Arrays.toString(r.colourShares()));
                }
                frames++;
                double[] truth = clip.centroid(f);
                if (r.found()) {
                    found++;
                    if (Math.hypot(r.centroid()[0] - truth[0], r.centroid()[1] - truth[1]) <= 2) {
                        placed++;
                    }
                }
                boolean[] subjectHere = grow(or(clip.mask(f), r.mask()), size, 2);
                byte[] src = clip.frameRgb(f);
                byte[] dst = result.frames().get(f).rgb();
                double se = 0;
                long values = 0;
                for (int p = 0; p < size * size; p++) {
                    if (!subjectHere[p]) {
                        for (int ch = 0; ch < 3; ch++) {
                            double d = (src[3 * p + ch] & 255) - (dst[3 * p + ch] & 255);
                            se += d * d;
                            values++;
                        }
                    }
                }
                double psnr = Psnr.of(se, values);
                psnrSum += Math.min(psnr, 100);
                psnrMin = Math.min(psnrMin, psnr);
                psnrCount++;
            }
        }

        void print() {
            System.out.printf(Locale.ROOT, "  %-30s found in %5.1f %% of %d frames; centroid within 2 px of the "
                    + "source's in %5.1f %% of frames (%5.1f %% of those found); background PSNR mean %.2f dB, min "
                    + "%.2f dB%n", what, 100.0 * found / frames, frames, 100.0 * placed / frames,
                    found == 0 ? 0 : 100.0 * placed / found, psnrSum / psnrCount, psnrMin);
        }
    }

    /** Every other frame: the source's row over each result's, for looking at. */
    private static void sheet(SampleClip clip, List<EditResult> results, Path file) throws java.io.IOException {
        int size = clip.size();
        int cols = clip.frameCount() / 2;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(cols * size, (results.size() + 1) * size,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row <= results.size(); row++) {
            for (int col = 0; col < cols; col++) {
                byte[] rgb = row == 0 ? clip.frameRgb(2 * col) : results.get(row - 1).frames().get(2 * col).rgb();
                for (int p = 0; p < size * size; p++) {
                    img.setRGB(col * size + p % size, row * size + p / size, (rgb[3 * p] & 255) << 16
                            | (rgb[3 * p + 1] & 255) << 8 | rgb[3 * p + 2] & 255);
                }
            }
        }
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }

    static float[] floats(byte[] rgb) {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] & 255) / 255f;
        }
        return out;
    }

    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= b[i];
        }
        return out;
    }

    static boolean[] grow(boolean[] mask, int size, int by) {
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!mask[y * size + x]) {
                    continue;
                }
                for (int dy = -by; dy <= by; dy++) {
                    for (int dx = -by; dx <= by; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < size && yy < size) {
                            out[yy * size + xx] = true;
                        }
                    }
                }
            }
        }
        return out;
    }
}
