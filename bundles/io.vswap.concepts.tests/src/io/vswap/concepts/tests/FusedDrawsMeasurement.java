package io.vswap.concepts.tests;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.internal.training.GradientFusion;
import io.vswap.concepts.internal.training.MemberWeights;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * A measurement, not part of the suite (run it by name with {@code VSWAP_MEASURE_FUSION=<concept folder>:<another>…}
 * and optionally {@code VSWAP_MEASURE_SAMPLES}, default 20): the concepts fused into one set on the sample
 * model, then each concept's token drawn unfused (its own weights) and through the fused set, with the same
 * seeds, prompt ("a photo of a &lt;token&gt;"), 15 DDIM steps, guidance 7.5, and the same crude colour checker
 * as {@link ConceptDrawsMeasurement}. Images go to {@code target/fused-draws/}.
 */
class FusedDrawsMeasurement {

    @Test
    void eachTokenDrawsItsConceptThroughTheFusedSet() throws Exception {
        String folders = System.getenv("VSWAP_MEASURE_FUSION");
        if (folders == null) {
            System.out.println("nothing measured: set VSWAP_MEASURE_FUSION to concept folders (separated by ':')");
            return;
        }
        int samples = Integer.parseInt(System.getenv().getOrDefault("VSWAP_MEASURE_SAMPLES", "20"));
        List<Path> dirs = new ArrayList<>();
        List<Concept> concepts = new ArrayList<>();
        for (String f : folders.split(java.io.File.pathSeparator)) {
            dirs.add(Path.of(f));
            concepts.add(ConceptJson.read(Path.of(f)));
        }
        Path out = Files.createDirectories(Path.of("target/fused-draws"));
        Path fused = out.resolve("fused.safetensors");
        Path model = SampleModel.shippedFolder();
        BaseModelId base = BaseModelId.of(model);
        concepts.forEach(c -> System.out.println(c.token() + " trained on " + c.baseModel().shown() + (c.baseModel()
                .sameModel(base) ? " (the shipped model)" : " — NOT the shipped model " + base.shown())));
        TensorRuntime rt = TestServices.await(TensorRuntime.class);
        rt.call(() -> {
            try (NDManager root = rt.newManager()) {
                try (VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                    List<MemberWeights> members = new ArrayList<>();
                    for (int i = 0; i < dirs.size(); i++) {
                        members.add(MemberWeights.read(dirs.get(i).resolve(concepts.get(i).weights().file()), m));
                    }
                    long t0 = System.nanoTime();
                    var figures = GradientFusion.fuse(m, members, "<measured-set>", fused, null, root);
                    System.out.printf(Locale.ROOT, "fused %d concepts in %.1f s; layer outputs missed (squared error relative to the concept's own change, "
                            + "pooled over its layers): %s%n", members.size(), (System.nanoTime() - t0) / 1e9, figures);
                }
                try (VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                    for (int i = 0; i < dirs.size(); i++) {
                        Concept c = concepts.get(i);
                        var colours = ConceptDrawsMeasurement.mainColours(dirs.get(i), c);
                        int[] own = count(m, root, ConceptPrompt.load(m, dirs.get(i).resolve(c.weights().file()),
                                DotProductAttention.DEFAULT, root), c, colours, samples, out, "unfused");
                        int[] set = count(m, root, ConceptPrompt.load(m, fused, DotProductAttention.DEFAULT, root), c,
                                colours, samples, out, "fused");
                        System.out.printf(Locale.ROOT, "%s %s: the concept's colours in %d of %d images unfused, %d of %d "
                                + "through the fused set (%+d points); the sample world's checker: %d unfused, %d fused "
                                + "(%+d points)%n", c.name(), c.token(), own[0], samples, set[0], samples,
                                Math.round(100.0 * (set[0] - own[0]) / samples), own[1], set[1],
                                Math.round(100.0 * (set[1] - own[1]) / samples));
                    }
                }
            }
            return null;
        });
    }

    /** Images that show the concept: by the crude colour checker, by the sample world's checker. */
    private static int[] count(VideoDiffusionModel m, NDManager root, ConceptPrompt p, Concept c, List<int[]> colours,
            int samples, Path out, String what) throws Exception {
        int[] shows = new int[2];
        var subject = io.vswap.samples.api.UnseenSubject.byWord(c.classWord());
        try (p) {
            for (int s = 0; s < samples; s++) {
                try (NDManager sm = root.newSubManager()) {
                    // as the workbench's Preview draws: 15 DDIM steps, guidance 7.5, seed s
                    BufferedImage img = io.vswap.concepts.api.ConceptPreviews.draw(m, p, "a photo of a " + c.token(),
                            new io.vswap.concepts.api.PreviewSettings(1, 15, 7.5, s, 0), sm, null).get(0);
                    shows[0] += ConceptDrawsMeasurement.shows(img, colours) ? 1 : 0;
                    shows[1] += io.vswap.samples.api.UnseenSubjectChecker.check(ConceptDrawsMeasurement.floats(img),
                            img.getWidth(), subject).found() ? 1 : 0;
                    ImageIO.write(img, "png", out.resolve(c.classWord() + "-" + what + "-" + s + ".png").toFile());
                }
            }
        }
        return shows;
    }
}
