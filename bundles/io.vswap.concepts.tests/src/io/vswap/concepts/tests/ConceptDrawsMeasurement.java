package io.vswap.concepts.tests;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptPreviews;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * A measurement, not part of the suite (its name does not end in Test; run it by name with
 * {@code VSWAP_MEASURE_CONCEPT=<concept folder>[:<another>…]} in the environment): text-to-image on the sample model
 * with the concept's token against its class word alone ({@link ConceptPreviews}, as the workbench's
 * Preview), 20 seeds each (or {@code VSWAP_MEASURE_SAMPLES}), 15 DDIM steps, guidance 7.5, judged twice: by
 * the sample world's {@code UnseenSubjectChecker} (the subject's colours in its shape) and by a crude colour
 * checker (each of the reference images' two main saturated colours covers at least {@value #MIN_SHARE} of the
 * pixels, within {@value #NEAR} in RGB). Images go to {@code target/concept-draws/}.
 */
class ConceptDrawsMeasurement {

    /** Seeds per prompt; {@code VSWAP_MEASURE_SAMPLES} sets another count (the figure is over 50). */
    static final int SAMPLES = Integer.parseInt(System.getenv().getOrDefault("VSWAP_MEASURE_SAMPLES", "20"));
    static final double MIN_SHARE = 0.04;
    static final double NEAR = 60;

    @Test
    void theConceptsTokenDrawsItsColours() throws Exception {
        String folders = System.getenv("VSWAP_MEASURE_CONCEPT");
        if (folders == null) {
            System.out.println("nothing measured: set VSWAP_MEASURE_CONCEPT to concept folders (separated by ':')");
            return;
        }
        for (String folder : folders.split(java.io.File.pathSeparator)) {
            measure(Path.of(folder));
        }
    }

    private static void measure(Path dir) throws Exception {
        Concept c = ConceptJson.read(dir);
        List<int[]> colours = mainColours(dir, c);
        Path out = Files.createDirectories(Path.of("target/concept-draws"));
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(
                            SampleModel.shippedFolder()), root);
                    ConceptPrompt p = ConceptPrompt.load(m, dir.resolve(c.weights().file()),
                            DotProductAttention.DEFAULT, root)) {
                int withToken = 0;
                int withWord = 0;
                int[] checked = new int[2]; // by the sample world's checker: with the token, with the word
                io.vswap.samples.api.UnseenSubject subject = io.vswap.samples.api.UnseenSubject.byWord(c.classWord());
                for (int s = 0; s < SAMPLES; s++) {
                    try (NDManager sm = root.newSubManager()) {
                        PreviewSettings one = new PreviewSettings(1, 15, 7.5, s, 0);
                        BufferedImage a = ConceptPreviews.draw(m, p, "a photo of a " + c.token(), one, sm, null).get(0);
                        BufferedImage b = ConceptPreviews.draw(m, p, "a photo of a " + c.classWord(), one, sm, null)
                                .get(0);
                        withToken += shows(a, colours) ? 1 : 0;
                        withWord += shows(b, colours) ? 1 : 0;
                        checked[0] += io.vswap.samples.api.UnseenSubjectChecker.check(floats(a), a.getWidth(), subject)
                                .found() ? 1 : 0;
                        checked[1] += io.vswap.samples.api.UnseenSubjectChecker.check(floats(b), b.getWidth(), subject)
                                .found() ? 1 : 0;
                        ImageIO.write(a, "png", out.resolve(c.classWord() + "-token-" + s + ".png").toFile());
                        ImageIO.write(b, "png", out.resolve(c.classWord() + "-word-" + s + ".png").toFile());
                    }
                }
                System.out.printf("%s: the concept's colours in %d of %d images with %s, %d of %d with \"%s\" alone "
                        + "(steps %s)%n", c.name(), withToken, SAMPLES, c.token(), withWord, SAMPLES, c.classWord(),
                        c.training().settings().get("steps"));
                System.out.printf("%s: the sample world's checker finds the %s in %d of %d images with %s, %d of %d "
                        + "with \"%s\" alone%n", c.name(), subject.description(), checked[0], SAMPLES, c.token(),
                        checked[1], SAMPLES, c.classWord());
            }
            return null;
        });
    }

    /** The references' two most frequent saturated colours (4 bits a channel), or one when they are alike. */
    static List<int[]> mainColours(Path dir, Concept c) throws Exception {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String name : c.images()) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    int r = p >> 16 & 255;
                    int g = p >> 8 & 255;
                    int b = p & 255;
                    int max = Math.max(r, Math.max(g, b));
                    int min = Math.min(r, Math.min(g, b));
                    if (max > 60 && (max - min) > 0.5 * max) {
                        counts.merge((r >> 4) << 8 | (g >> 4) << 4 | b >> 4, 1, Integer::sum);
                    }
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).map(e -> new int[] {
                (e.getKey() >> 8 & 15) * 16 + 8, (e.getKey() >> 4 & 15) * 16 + 8, (e.getKey() & 15) * 16 + 8 })
                .forEach(col -> {
                    if (out.size() < 2 && out.stream().allMatch(o -> distance(o, col) > NEAR)) {
                        out.add(col);
                    }
                });
        return out;
    }

    static boolean shows(BufferedImage img, List<int[]> colours) {
        for (int[] col : colours) {
            int near = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    if (distance(new int[] { p >> 16 & 255, p >> 8 & 255, p & 255 }, col) <= NEAR) {
                        near++;
                    }
                }
            }
            if (near < MIN_SHARE * img.getWidth() * img.getHeight()) {
                return false;
            }
        }
        return true;
    }

    /** RGB in [0, 1], row-major, as the sample world's checkers read frames. */
    static float[] floats(BufferedImage img) {
        float[] out = new float[img.getWidth() * img.getHeight() * 3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int i = 3 * (y * img.getWidth() + x);
                out[i] = (p >> 16 & 255) / 255f;
                out[i + 1] = (p >> 8 & 255) / 255f;
                out[i + 2] = (p & 255) / 255f;
            }
        }
        return out;
    }

    static double distance(int[] a, int[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
