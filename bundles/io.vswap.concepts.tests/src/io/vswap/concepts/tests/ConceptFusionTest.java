package io.vswap.concepts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptFusion;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.internal.training.EdLoraModel;
import io.vswap.concepts.internal.training.GradientFusion;
import io.vswap.concepts.internal.training.MemberWeights;
import io.vswap.concepts.internal.training.TextActivations;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.testing.TestServices;

/**
 * Gradient fusion on the shipped sample model with hand-built concepts: on each concept's own activations
 * (computed by the test) the fused keys and values miss its outputs far less than averaged weights do; the
 * inputs recorded for the UNet's other layers are the ones those layers see; one concept fused alone keeps its
 * outputs; the set is a library entry whose members' tokens all work in one prompt and whose weights leave the
 * model as they found it; bad requests and a cancel leave the library as it was.
 */
class ConceptFusionTest {

    @TempDir
    static Path dir;

    static ConceptStore store;
    static ConceptFusion fusion;
    static TensorRuntime rt;
    static Path model;
    static BaseModelId base;
    static StoredConcept a;
    static StoredConcept b;
    static StoredConcept set;
    static double fuseSeconds;
    static final String TEXTUAL = ".*self_attn.*|.*attn2\\.to_[kv]";

    @BeforeAll
    static void fuseTwo() throws Exception {
        System.setProperty("vswap.concepts.settings", dir.resolve("settings.json").toString());
        store = TestServices.await(ConceptStore.class);
        fusion = TestServices.await(ConceptFusion.class);
        rt = TestServices.await(TensorRuntime.class);
        store.setLibraries(dir.resolve("mine"), List.of());
        model = SampleModel.shippedFolder();
        base = BaseModelId.of(model);
        List<Path> files = rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                // LoRA on the text encoder and the keys and values: a fusion without the sampling run, to keep
                // the suite quick (the UNet's other layers have tests of their own below)
                return List.of(FusionWeights.write(m, "<fa>", 1, dir.resolve("w/fa.safetensors"), TEXTUAL),
                        FusionWeights.write(m, "<fb>", 2, dir.resolve("w/fb.safetensors"), TEXTUAL));
            }
        });
        var ma = FusionWeights.concept(dir.resolve("fa"), "Concept A", "<fa>", base, files.get(0));
        var mb = FusionWeights.concept(dir.resolve("fb"), "Concept B", "<fb>", base, files.get(1));
        a = store.add(store.userLibrary(), ma.concept(), ma.files());
        b = store.add(store.userLibrary(), mb.concept(), mb.files());
        long t0 = System.nanoTime();
        set = fusion.fuse(new ConceptFusion.Request(model, List.of(a, b), "A and B", "<fab>", store.userLibrary()),
                null);
        fuseSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fused 2 concepts in %.1f s; figures %s%n", fuseSeconds, set.require().training().figures());
    }

    /** The UNet's noise prediction and the encoder states for {@code prompt} through {@code p}, at two timesteps. */
    private static float[] outputs(VideoDiffusionModel m, NDManager mgr, ConceptPrompt p, String prompt) {
        NDArray states = p.encode(mgr, List.of(prompt));
        NDArray z = SeededNoise.normal(mgr, 3, new Shape(1, 4, 16, 16));
        NDArray e1 = m.unet().imageUNet().forward(z, new float[] { 700 }, states);
        NDArray e2 = m.unet().imageUNet().forward(z, new float[] { 200 }, states);
        return e1.concat(e2, 0).flatten().concat(states.flatten()).toFloatArray();
    }

    private static double relError(float[] x, float[] reference) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - reference[i]) * (x[i] - reference[i]);
            den += reference[i] * reference[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void onEachConceptsOwnActivationsTheFusedKeysAndValuesMissItsOutputsFarLessThanAveragedWeights()
            throws Exception {
        // LoRA on the cross-attention keys and values only: their inputs are the prompt's encoder states, which
        // the test computes itself through the public API, independently of the fusion's own recording
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                String kv = ".*attn2\\.to_[kv]";
                List<Path> files = List.of(FusionWeights.write(m, "<ta>", 3, dir.resolve("t/ta.safetensors"), kv),
                        FusionWeights.write(m, "<tb>", 4, dir.resolve("t/tb.safetensors"), kv));
                List<MemberWeights> members = new ArrayList<>();
                for (Path f : files) {
                    members.add(MemberWeights.read(f, m));
                }
                Path fused = dir.resolve("t/fused.safetensors");
                try (VideoDiffusionModel fresh = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                    GradientFusion.fuse(fresh, List.of(MemberWeights.read(files.get(0), fresh),
                            MemberWeights.read(files.get(1), fresh)), "<tab>", fused, null, root);
                }
                List<String> layers = EdLoraModel.crossAttentionLayers(m.unet().imageUNet());
                int len = m.tokenizer().maxLength();
                try (io.vswap.diffusion.api.SafetensorsFile f = io.vswap.diffusion.api.SafetensorsFile.open(fused)) {
                    for (int j = 0; j < 2; j++) {
                        MemberWeights mw = members.get(j);
                        double missFused = 0;
                        double missAveraged = 0;
                        try (ConceptPrompt p = ConceptPrompt.load(m, files.get(j), DotProductAttention.DEFAULT, root)) {
                            float[] states = p.encode(root, List.of("photo of a " + mw.token(), mw.token())).toFloatArray();
                            for (int i = 0; i < layers.size(); i++) {
                                for (String proj : new String[] { ".to_k", ".to_v" }) {
                                    String module = layers.get(i) + proj;
                                    float[] d = f.floats("unet." + module + ".delta");
                                    double[] own = mw.unet().get(module);
                                    double[] other = members.get(1 - j).unet().get(module);
                                    for (int prompt = 0; prompt < 2; prompt++) {
                                        for (int t = 0; t < len; t++) {
                                            int at = ((prompt * layers.size() + i) * len + t) * 64;
                                            missFused += miss(d, own, null, states, at);
                                            missAveraged += miss(null, own, other, states, at);
                                        }
                                    }
                                }
                            }
                        }
                        double ratio = missFused / missAveraged;
                        System.out.printf("%s: squared miss of the keys and values, fused / averaged = %.4f%n",
                                mw.token(), ratio);
                        assertTrue(ratio < 0.5, mw.token() + ": fused misses " + ratio + " of what averaging misses");
                    }
                }
            }
            return null;
        });
    }

    /** {@code ||(w − own) x||²} for the row {@code x} at {@code at}, w the fused delta or (own + other)/2. */
    private static double miss(float[] fused, double[] own, double[] other, float[] states, int at) {
        int in = 64;
        int out = own.length / in;
        double sum = 0;
        for (int r = 0; r < out; r++) {
            double y = 0;
            for (int c = 0; c < in; c++) {
                double w = fused != null ? fused[r * in + c] : (own[r * in + c] + other[r * in + c]) / 2;
                y += (w - own[r * in + c]) * states[at + c];
            }
            sum += y * y;
        }
        return sum;
    }

    @Test
    void theInputsFusionRecordsForTheUNetsOtherLayersAreTheOnesTheLayersSee() throws Exception {
        // LoRA on the UNet's layers other than the keys and values: fusion recovers their inputs from what the
        // attention processors see; here the test records the same sampling run itself, through the concept
        // loaded as adapters, and checks what the recovered inputs give through the layers' weights
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                Path file = FusionWeights.write(m, "<sa>", 5, dir.resolve("s/sa.safetensors"),
                        ".*attn1\\..*|.*attn2\\.to_(q|out\\.0)");
                MemberWeights mw = MemberWeights.read(file, m);
                Map<String, double[]> recorded = GradientFusion.spatialInputGrams(m, mw, root);
                Map<String, double[]> seen = new LinkedHashMap<>(); // module → Gram of its output (to_q) or input (to_out.0)
                try (ConceptPrompt p = ConceptPrompt.load(m, file, DotProductAttention.DEFAULT, root)) {
                    var unet = m.unet().imageUNet();
                    for (var layer : unet.attentionLayers()) {
                        int i = p.layers().indexOf(layer.name());
                        io.vswap.diffusion.api.AttentionProcessor inner = i >= 0 ? p.processor(i)
                                : DotProductAttention.DEFAULT;
                        unet.setAttentionProcessor(layer.name(), (l, q, k, v) -> {
                            NDArray o = inner.attend(l, q, k, v);
                            long b = q.getShape().get(0) / l.heads();
                            gram(seen, l.name() + ".to_q", merged(q, b, l));
                            gram(seen, l.name() + ".to_out.0", merged(o, b, l));
                            return o;
                        });
                    }
                    var ddim = m.ddim(GradientFusion.SAMPLING_STEPS);
                    NDArray states = p.encode(root, List.of(String.format(GradientFusion.TEMPLATE, "<sa>")));
                    int side = unet.config().sampleSize();
                    NDArray z = SeededNoise.normal(root, GradientFusion.SEED, new Shape(1, unet.config().inChannels(),
                            side, side));
                    for (int t : ddim.timesteps()) {
                        z = ddim.step(unet.forward(z, new float[] { t }, states), t, z).sample();
                    }
                    unet.setAttentionProcessor(DotProductAttention.DEFAULT);
                }
                int checked = 0;
                for (String module : mw.unet().keySet()) {
                    double[] own = seen.get(module);
                    double[] rec = recorded.get(module);
                    if (module.endsWith(".to_q")) {
                        // the recorded inputs through the layer's own weights give the queries it saw
                        NDArray w0 = m.unet().imageUNet().parameters().get(module + ".weight");
                        int out = (int) w0.getShape().get(0);
                        int in = (int) w0.getShape().get(1);
                        double[] w = w0.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                        double[] d = mw.unet().get(module);
                        for (int k = 0; k < w.length; k++) {
                            w[k] += d[k];
                        }
                        rec = times(times(w, rec, out, in, in), transpose(w, out, in), out, in, out);
                    } else if (!module.endsWith(".to_out.0")) {
                        continue;
                    }
                    assertTrue(rec != null && own != null, module);
                    double e = relError(toFloats(rec), toFloats(own));
                    assertTrue(e < 1e-3, module + ": recorded inputs off by " + e);
                    checked++;
                }
                assertEquals(48, checked, "to_q and to_out.0 of the 24 attention layers");
            }
            return null;
        });
    }

    private static NDArray merged(NDArray t, long b, io.vswap.diffusion.api.AttentionLayer l) {
        // the processor's [batch·heads, tokens, headDim] (AttentionProcessor) back to [batch·tokens, heads·headDim]
        long n = t.getShape().get(1);
        return t.reshape(b, l.heads(), n, l.headDim()).transpose(0, 2, 1, 3).reshape(b * n,
                (long) l.heads() * l.headDim());
    }

    private static void gram(Map<String, double[]> acc, String key, NDArray x) {
        NDArray x64 = x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
        double[] g = x64.transpose().matMul(x64).toDoubleArray();
        double[] s = acc.computeIfAbsent(key, k -> new double[g.length]);
        for (int i = 0; i < g.length; i++) {
            s[i] += g[i];
        }
    }

    private static double[] times(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < m; j++) {
                    c[i * m + j] += a[i * k + p] * b[p * m + j];
                }
            }
        }
        return c;
    }

    private static double[] transpose(double[] a, int n, int m) {
        double[] t = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j * n + i] = a[i * m + j];
            }
        }
        return t;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void oneConceptFusedAloneKeepsItsOwnOutputs() throws Exception {
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                // LoRA on every attention projection: every stage of the fusion runs
                Path full = FusionWeights.write(m, "<fs>", 6, dir.resolve("solo/fs.safetensors"), null);
                String prompt = "photo of a <fs>";
                float[] own;
                try (ConceptPrompt p = ConceptPrompt.load(m, full, DotProductAttention.DEFAULT, root)) {
                    own = outputs(m, root, p, prompt);
                }
                Path solo = dir.resolve("solo/solo.safetensors");
                Files.createDirectories(solo.getParent());
                try (VideoDiffusionModel fresh = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                    GradientFusion.fuse(fresh, List.of(MemberWeights.read(full, fresh)),
                            "<solo>", solo, null, root);
                }
                try (ConceptPrompt p = ConceptPrompt.load(m, solo, DotProductAttention.DEFAULT, root)) {
                    double e = relError(outputs(m, root, p, prompt), own);
                    System.out.printf("one concept fused alone: relative error %.5f%n", e);
                    assertTrue(e < 0.02, "fused alone, the concept keeps its outputs: " + e);
                }
            }
            return null;
        });
    }

    @Test
    void theSetIsALibraryEntryWhoseMembersTokensShareAPromptAndWhichLeavesTheModelAsFound() throws Exception {
        Concept c = set.require();
        assertTrue(c.isFusedSet());
        // drawn through its members' tokens, a set is no swap target, nor offered as one
        io.vswap.swap.api.TargetConcepts targets = TestServices.await(io.vswap.swap.api.TargetConcepts.class);
        IllegalArgumentException notTarget = assertThrows(IllegalArgumentException.class,
                () -> targets.check(List.of("<fab>"), null));
        assertTrue(notTarget.getMessage().contains("is a fused set") && notTarget.getMessage().contains("members' tokens"),
                notTarget.getMessage());
        assertTrue(targets.choices(null).stream().noneMatch(x -> x.token().equals("<fab>")));
        assertEquals(List.of("<fa>", "<fb>"), c.fusedTokens());
        assertEquals(a.require().weights().sha256(), c.members().get(0).weightsSha256());
        assertEquals("Concept B", c.members().get(1).name());
        assertTrue(Files.readString(set.folder().resolve(ConceptJson.FILE)).contains("\"version\": 2"));
        assertTrue(Files.readString(a.folder().resolve(ConceptJson.FILE)).contains("\"version\": 1"),
                "single concepts stay readable by earlier releases");
        assertEquals(c, ConceptJson.read(set.folder()), "the set's concept.json round-trips");
        String newer = Files.readString(set.folder().resolve(ConceptJson.FILE)).replace("\"version\": 2",
                "\"version\": 3");
        ConceptFileException refused = assertThrows(ConceptFileException.class, () -> ConceptJson.parse(
                dir.resolve("newer.json"), newer));
        assertTrue(refused.getMessage().contains("format version 3, written by a newer VideoSwap Studio"),
                refused.getMessage());
        // a member's token means the single concept; the set is found by its own token
        assertEquals(a.folder(), store.byToken("<fa>").orElseThrow().folder());
        assertEquals(set.folder(), store.byToken("<fab>").orElseThrow().folder());
        store.verify(set);
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                NDArray z = SeededNoise.normal(root, 3, new Shape(1, 4, 16, 16));
                NDArray plain = m.encodePrompts(root, List.of("photo of a square"));
                float[] before = m.unet().imageUNet().forward(z, new float[] { 500 }, plain).toFloatArray();
                try (ConceptPrompt p = ConceptPrompt.load(m, store, set, DotProductAttention.DEFAULT, root)) {
                    assertEquals("<fab>", p.token());
                    NDArray both = p.encode(root, List.of("a <fa> beside a <fb>"));
                    assertEquals(new Shape(1, 12L * m.tokenizer().maxLength(), 64), both.getShape());
                    float[] fa = p.encode(root, List.of("a <fa>")).toFloatArray();
                    float[] fb = p.encode(root, List.of("a <fb>")).toFloatArray();
                    assertTrue(relError(fa, fb) > 0.01, "the two tokens mean different things");
                    float[] changed = m.unet().imageUNet().forward(z, new float[] { 500 }, plain).toFloatArray();
                    assertTrue(relError(changed, before) > 1e-3, "the fused weights are applied");
                }
                float[] after = m.unet().imageUNet().forward(z, new float[] { 500 }, m.encodePrompts(root,
                        List.of("photo of a square"))).toFloatArray();
                assertEquals(0, relError(after, before), 0, "closed, the set leaves the model's weights as they were");
            }
            return null;
        });
    }

    @Test
    void theTextEncodersForwardWrittenOutIsTheEncodersOwn() throws Exception {
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                int[] ids = m.tokenizer().encode("a photo of a red square");
                float[] own = m.textEncoder().encode(root, new int[][] { ids }).toFloatArray();
                float[] written = TextActivations.run(m.textEncoder(), ids, Map.of(), null, root).toFloatArray();
                assertEquals(0, relError(written, own), 1e-5);
            }
            return null;
        });
    }

    @Test
    void badRequestsAreRefusedInWordsAndLeaveTheLibraryAsItWas() throws Exception {
        ConceptLibrary mine = store.userLibrary();
        List<String> before = listing(mine.folder());
        refused(new ConceptFusion.Request(model, List.of(a), "x", "<x1>", mine), "at least 2 concepts; 1 was given");
        refused(new ConceptFusion.Request(model, List.of(a, a), "x", "<x1>", mine), "two of the concepts have the token <fa>");
        refused(new ConceptFusion.Request(model, List.of(a, b), "x", "<fa>", mine), "is one of its members' tokens");
        refused(new ConceptFusion.Request(model, List.of(a, b), "x", "<fab>", mine), "is already \"A and B\"'s");
        refused(new ConceptFusion.Request(model, List.of(a, set), "x", "<x1>", mine), "is a fused set already");
        refused(new ConceptFusion.Request(model, List.of(a, b), "x", "<x1>", new ConceptLibrary(dir.resolve("shared"),
                "Studio", true)), "is read-only");
        // another base model's concept (in a library not in use, so its token may repeat)
        ConceptLibrary other = new ConceptLibrary(dir.resolve("other"), "Other", false);
        var mo = FusionWeights.concept(dir.resolve("fo"), "Other model's", "<fo>", new BaseModelId("other",
                "content-" + "1".repeat(64)), a.file("edlora.safetensors"));
        StoredConcept foreign = store.add(other, mo.concept(), mo.files());
        refused(new ConceptFusion.Request(model, List.of(a, foreign), "x", "<x1>", mine),
                "concepts of different base models cannot be fused");
        // weights that do not fit the model (embeddings of another width)
        var bad = ConceptFixtures.make(dir.resolve("fbad"), "Misfit", "<fbad>", base);
        String layers = rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel m = VideoDiffusionModel.load(VideoDiffusionModel.Layout.of(model), root)) {
                return String.join(",", EdLoraModel.crossAttentionLayers(m.unet().imageUNet()));
            }
        });
        Path misfit = dir.resolve("misfit.safetensors");
        new SafetensorsWriter().metadata("format", EdLoraModel.FORMAT).metadata("token", "<fbad>")
                .metadata("layers", layers).metadata("lora_rank", "4").metadata("lora_alpha", "4")
                .add(EdLoraModel.EMBEDDINGS, new float[12 * 2 * 32], 12, 2, 32).write(misfit);
        Map<String, Path> files = new LinkedHashMap<>(bad.files());
        files.put("edlora.safetensors", misfit);
        StoredConcept wrong = store.add(other, bad.concept(), files);
        ConceptFileException e = assertThrows(ConceptFileException.class, () -> fusion.fuse(
                new ConceptFusion.Request(model, List.of(a, wrong), "x", "<x1>", mine), null));
        assertTrue(e.getMessage().contains("holds token embeddings of shape"), e.getMessage());
        assertEquals(before, listing(mine.folder()), "nothing written to the library");
    }

    @Test
    void theFuseConceptsJobRefusesABadSpecByFieldAndABadRequestInWords() throws Exception {
        io.vswap.batch.api.BatchJobType job = TestServices.awaitKeyed(io.vswap.batch.api.BatchJobType.class,
                io.vswap.batch.api.BatchJobType::type, "fuse-concepts").get("fuse-concepts");
        jobRefused(job, "{\"type\": \"fuse-concepts\", \"concepts\": [\"<fa>\"], \"token\": \"<x2>\"}",
                "names 1 concept; fusing takes at least 2");
        jobRefused(job, "{\"type\": \"fuse-concepts\", \"concepts\": [\"<fa>\", \"<fb>\"], \"token\": \"x2\"}",
                "written like <hexagon1>");
        jobRefused(job, "{\"type\": \"fuse-concepts\", \"concepts\": [\"<fa>\", \"<nope>\"], \"token\": \"<x2>\"}",
                "no concept has the token <nope>");
        jobRefused(job, "{\"type\": \"fuse-concepts\", \"concepts\": [\"<fa>\", \"<fb>\"], \"token\": \"<fab>\"}",
                "is already \"A and B\"'s");
    }

    private static void jobRefused(io.vswap.batch.api.BatchJobType job, String json, String words) {
        Exception e = assertThrows(Exception.class, () -> job.parse(io.vswap.batch.api.JobSpecs.fromJson(json, dir))
                .run(new NullProgressMonitor()));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static void refused(ConceptFusion.Request r, String words) {
        IOException e = assertThrows(IOException.class, () -> fusion.fuse(r, null));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void aCancelledFusionWritesNothing() throws Exception {
        ConceptLibrary mine = store.userLibrary();
        List<String> before = listing(mine.folder());
        NullProgressMonitor cancelling = new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (name.startsWith("cross-attention keys and values")) {
                    setCanceled(true);
                }
            }
        };
        assertThrows(OperationCanceledException.class, () -> fusion.fuse(new ConceptFusion.Request(model,
                List.of(a, b), "Cancelled", "<fc>", mine), cancelling));
        assertEquals(before, listing(mine.folder()), "nothing written to the library");
        assertFalse(store.byToken("<fc>").isPresent());
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return new ArrayList<>(s.map(p -> folder.relativize(p).toString()).sorted().toList());
        }
    }
}
