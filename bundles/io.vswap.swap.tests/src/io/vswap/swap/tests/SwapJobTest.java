package io.vswap.swap.tests;

import static io.vswap.swap.api.EditReport.CacheOutcome.COMPUTED;
import static io.vswap.swap.api.EditReport.CacheOutcome.REUSED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.internal.WorldTokenizer;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.TestServices;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * The "swap" batch job through the real services: a sample-world clip imported into a project,
 * points written from its truth, a random-weight tiny model folder; renders, settings record,
 * the source-side cache (reused for a new target, recomputed for a changed prompt), refusals and
 * cancellation. Few steps: mechanics, not image quality.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwapJobTest {

    private static final long SEED = 7;
    // one edit pass (the shipped model recommends two): these tests are about the job, not the passes
    private static final String SETTINGS = "\"steps\": 4, \"registrationIterations\": 3, \"diftEnsemble\": \"1\", \"seed\": 3, "
            + "\"placementPasses\": 1";

    @TempDir
    static Path dir;

    static SampleClip clip;
    static String subject;
    static List<String> targets;

    @BeforeAll
    static void projectAndModel() throws Exception {
        long t0 = System.nanoTime();
        clip = SampleWorld.clip(SEED, 64, 16);
        subject = clip.spec().shape().word();
        targets = Arrays.stream(SubjectShape.values()).map(SubjectShape::word).filter(w -> !w.equals(subject)).toList();
        VideoCodecRegistry codecs = TestServices.await(VideoCodecRegistry.class);
        FrameWriter w = codecs.writerFor(VideoFormat.FFV1_MKV).orElseThrow()
                .openWriter(dir.resolve("sample.mkv"), new EncodeSettings(VideoFormat.FFV1_MKV, 64, 64, 24));
        for (int f = 0; f < clip.frameCount(); f++) {
            w.write(new RgbFrame(f, 64, 64, clip.frameRgb(f)));
        }
        w.close();
        run("""
                {"type": "import", "video": "sample.mkv", "project": "proj", "shot": "sample",
                 "clip": {"name": "main", "start": 0, "frames": 16, "stride": 1, "size": "64x64"}}""",
                new NullProgressMonitor());
        // the points from the sample's truth, as a "track" job would have saved them
        Project project = TestServices.await(ProjectStore.class).open(dir.resolve("proj"));
        Shot shot = project.shots().get(0);
        PointSet set = PointSet.empty("main", 16, 64, 64);
        for (var e : clip.points().entrySet()) {
            double[][] t = e.getValue();
            double[] x = new double[t.length];
            double[] y = new double[t.length];
            boolean[] visible = new boolean[t.length];
            float[] confidence = new float[t.length];
            for (int f = 0; f < t.length; f++) {
                x[f] = t[f][0];
                y[f] = t[f][1];
                visible[f] = t[f][2] > 0;
                confidence[f] = visible[f] ? 1 : 0;
            }
            set = set.withPoint(new SemanticPoint(e.getKey(), 0xff0000, List.of(new Keyframe(0, x[0], y[0])),
                    new Trajectory(x, y, visible, confidence)));
        }
        TestServices.await(PointSetStore.class).save(project, shot, set);
        writeTinyModel(dir.resolve("model"));
        System.out.printf(Locale.ROOT, "setup (project, points, tiny model): %.1f s; caption \"%s\"%n",
                (System.nanoTime() - t0) / 1e9, clip.caption());
    }

    /** A random-weight model folder of TinyWorld's sizes, with a byte-level BPE tokenizer that knows the sample words. */
    static void writeTinyModel(Path folder) throws Exception {
        List<String> words = new ArrayList<>(new LinkedHashSet<>(Arrays.asList((clip.caption() + " slowly "
                + String.join(" ", targets)).split(" "))));
        int vocab = WorldTokenizer.write(folder.resolve("tokenizer"), words, 32);
        TensorRuntime rt = TinyWorld.runtime();
        rt.call(() -> {
            try (NDManager root = rt.newManager()) {
                String vaeJson = TinyWorld.resource("tiny-vae-config.json");
                AutoencoderModel vae = AutoencoderModel.create(AutoencoderKLConfig.parse(vaeJson));
                vae.initialize(root, 11);
                String textJson = """
                        {"architectures": ["CLIPTextModel"], "model_type": "clip_text_model", "vocab_size": %d,
                         "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
                         "max_position_embeddings": 32, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05}"""
                        .formatted(vocab);
                TextEncoderModel text = TextEncoderModel.create(CLIPTextConfig.parse(textJson));
                text.initialize(root, 12);
                String unetJson = TinyWorld.resource("tiny-unet-config.json");
                MotionModuleConfig mc = MotionModuleConfig.mmSdV15().withNormNumGroups(8).withNumAttentionHeads(4)
                        .withZeroInitialize(false);
                VideoUNetModel unet = VideoUNetModel.create(UNet2DConditionConfig.parse(unetJson), mc);
                unet.imageUNet().initialize(root, 13);
                unet.initializeMotionModules(root, 14);
                write(folder.resolve("vae"), vaeJson, vae.parameters(), "diffusion_pytorch_model.safetensors");
                write(folder.resolve("text_encoder"), textJson, text.parameters(), "model.safetensors");
                write(folder.resolve("unet"), unetJson, unet.imageUNet().parameters(),
                        "diffusion_pytorch_model.safetensors");
                write(folder.resolve("motion_module"), mc.toJson(), unet.motionParameters(),
                        "motion_module.safetensors");
                unet.close();
                text.close();
                vae.close();
            }
            return null;
        });
    }

    private static void write(Path folder, String config, Map<String, NDArray> params, String file) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), config, StandardCharsets.UTF_8);
        SafetensorsWriter w = new SafetensorsWriter();
        params.forEach(w::add);
        w.write(folder.resolve(file));
    }

    /** Parses one job with the real job-type services, as {@code vswap batch} does, and runs it. */
    static String run(String job, org.eclipse.core.runtime.IProgressMonitor monitor) throws Exception {
        Path spec = Files.createTempFile(dir, "spec", ".json");
        Files.writeString(spec, "{\"version\": 1, \"jobs\": [" + job + "]}", StandardCharsets.UTF_8);
        return BatchSpec.read(spec, jobTypes()).jobs().get(0).run(monitor);
    }

    static Map<String, BatchJobType> jobTypes() throws Exception {
        TestServices.await(EditMethod.class); // the swap job reads the method's settings while parsing
        return TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap");
    }

    static String swapJob(String prompt, String target, String extra) {
        return """
                {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s", "target": "%s",
                 "model": "model", %s%s}""".formatted(prompt, subject, target, SETTINGS, extra);
    }

    static Path renders() {
        return dir.resolve("proj/renders");
    }

    static Path cacheFolder() throws Exception {
        Project p = TestServices.await(ProjectStore.class).open(dir.resolve("proj"));
        return p.cacheFolder().resolve(p.shots().get(0).id()).resolve("main").resolve("edit-videoswap");
    }

    static Map<String, FileTime> cacheFiles() throws Exception {
        Map<String, FileTime> m = new TreeMap<>();
        if (Files.isDirectory(cacheFolder())) {
            try (Stream<Path> s = Files.list(cacheFolder())) {
                for (Path f : s.toList()) {
                    m.put(f.getFileName().toString(), Files.getLastModifiedTime(f));
                }
            }
        }
        return m;
    }

    static List<RgbFrame> decode(Path file) throws Exception {
        List<RgbFrame> out = new ArrayList<>();
        FrameReader r = TestServices.await(VideoCodecRegistry.class).codecFor(file).openReader(file);
        try {
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                out.add(f);
            }
        } finally {
            r.close();
        }
        return out;
    }

    static int maxDiff(List<RgbFrame> a, List<RgbFrame> b) {
        int m = 0;
        for (int i = 0; i < a.size(); i++) {
            byte[] x = a.get(i).rgb();
            byte[] y = b.get(i).rgb();
            for (int k = 0; k < x.length; k++) {
                m = Math.max(m, Math.abs((x[k] & 0xff) - (y[k] & 0xff)));
            }
        }
        return m;
    }

    /** A monitor that reports cancelled once {@code share} of the job's work is done. */
    static final class CancelAtShare extends NullProgressMonitor {
        private final double share;
        double total = 1;
        double done;

        CancelAtShare(double share) {
            this.share = share;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork;
        }

        @Override
        public void internalWorked(double work) {
            done += work;
        }

        @Override
        public void worked(int work) {
            done += work;
        }

        @Override
        public boolean isCanceled() {
            return done >= total * share;
        }
    }

    /** The render's record, read as the workbench reads it. */
    static SwapRender record(String stem) throws Exception {
        return SwapRenders.read(renders().resolve(stem + ".json"));
    }

    /** What became of each part of the source side. */
    static Map<String, EditReport.CacheOutcome> outcomes(EditReport report) {
        Map<String, EditReport.CacheOutcome> m = new LinkedHashMap<>();
        report.cache().forEach(u -> m.put(u.part(), u.outcome()));
        return m;
    }

    static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static String stem(String target) throws Exception {
        Project p = TestServices.await(ProjectStore.class).open(dir.resolve("proj"));
        return p.shots().get(0).id() + "-main-swap-" + target;
    }

    @Test
    @Order(1)
    void theSampleModelIsAModelProvider() throws Exception {
        ModelProvider sample = TestServices.await(ModelProvider.class);
        assertEquals("sample", sample.id());
        assertFalse(sample.description().isBlank());
    }

    @Test
    @Order(2)
    void swapsWritesRendersAndARecordThenReusesTheSourceSideForAnotherTarget() throws Exception {
        String prompt = clip.caption();
        String first = targets.get(0);
        long t0 = System.nanoTime();
        String summary = run(swapJob(prompt, first, ", \"remove\": [\"" + clip.spec().shape().pointNames().get(0)
                + "\"]"), new NullProgressMonitor());
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("swap 1: " + summary);
        String stem = stem(first);
        for (String ext : List.of(".mkv", ".mp4", "-sheet.png", ".json")) {
            assertTrue(Files.isRegularFile(renders().resolve(stem + ext)), stem + ext);
        }
        for (String ext : List.of(".mkv", ".mp4")) {
            List<RgbFrame> frames = decode(renders().resolve(stem + ext));
            assertEquals(16, frames.size(), ext);
            frames.forEach(f -> assertTrue(f.width() == 64 && f.height() == 64, ext + ": " + f.width() + "x" + f.height()));
        }
        // the record: every setting, prompts, report, seed; the settings round-trip to the same values
        JsonObject rec = json(renders().resolve(stem + ".json"));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : rec.getAsJsonObject("settings").entrySet()) {
            var p = e.getValue().getAsJsonPrimitive();
            values.put(e.getKey(), p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? (Object) p.getAsDouble()
                    : p.getAsString());
        }
        assertEquals(VideoSwapSettings.descriptors().size(), values.size(), "every setting is recorded");
        VideoSwapSettings recorded = VideoSwapSettings.fromValues(values);
        assertEquals(VideoSwapSettings.fromValues(Map.of("steps", 4, "registrationIterations", 3, "diftEnsemble", 1,
                "seed", 3)), recorded);
        assertEquals(3, rec.getAsJsonObject("settings").get("seed").getAsInt());
        assertEquals(prompt, rec.get("sourcePrompt").getAsString());
        assertEquals(prompt.replaceAll("\\b" + subject + "\\b", first), rec.get("targetPrompt").getAsString());
        assertEquals(subject, rec.get("subject").getAsString());
        assertEquals(first, rec.get("target").getAsString());
        EditReport report = record(stem).report();
        assertTrue(Double.isFinite(report.loss("registration").orElseThrow()), report.toString());
        assertEquals(Map.of("dift", COMPUTED, "registration", COMPUTED, "inversion", COMPUTED), outcomes(report));
        assertEquals(1, rec.getAsJsonObject("points").getAsJsonArray("removed").size());
        Map<String, FileTime> cache = cacheFiles();
        assertEquals(3, cache.size(), cache.toString());
        assertTrue(cache.keySet().stream().allMatch(n -> n.endsWith(".safetensors")), cache.toString());

        // another target: the source side comes from the cache, untouched
        String second = targets.get(1);
        t0 = System.nanoTime();
        summary = run(swapJob(prompt, second, ", \"remove\": [\"" + clip.spec().shape().pointNames().get(0) + "\"]"),
                new NullProgressMonitor());
        double secondSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("swap 2: " + summary);
        System.out.printf(Locale.ROOT, "swap 1 (computes the source side): %.1f s; swap 2 (reuses it): %.1f s%n",
                firstSeconds, secondSeconds);
        EditReport report2 = record(stem(second)).report();
        assertEquals(Map.of("dift", REUSED, "registration", REUSED, "inversion", REUSED), outcomes(report2));
        assertEquals(report.loss("registration"), report2.loss("registration"));
        assertEquals(cache, cacheFiles(), "no cache file was rewritten");

        // the record's job, run again, reproduces the first render exactly (its source side from the cache)
        List<RgbFrame> before = decode(renders().resolve(stem + ".mkv"));
        run(json(renders().resolve(stem + ".json")).getAsJsonObject("job").toString(), new NullProgressMonitor());
        List<RgbFrame> again = decode(renders().resolve(stem + ".mkv"));
        assertEquals(REUSED, outcomes(record(stem).report()).get("inversion"));
        // bit-exact: the cached source side is the computed one (F32), and the forward path is deterministic
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).rgb(), again.get(i).rgb(), "frame " + i + " of the replayed job");
        }
    }

    @Test
    @Order(3)
    void aChangedPromptRecomputesWhatDependsOnIt() throws Exception {
        Map<String, FileTime> before = cacheFiles();
        String prompt = clip.caption().replaceFirst(" on ", " slowly on ");
        // a drag too: the point goes 3 px right of where it is tracked on the keyframe
        String point = clip.spec().shape().pointNames().get(1);
        double[] at = clip.points().get(point)[0];
        String drag = String.format(Locale.ROOT, ", \"drag\": {\"%s\": {\"x\": %.4f, \"y\": %.4f}}", point,
                at[0] + 3, at[1]);
        run(swapJob(prompt, targets.get(0), ", \"clip\": \"main\", \"points\": \"main\"" + drag),
                new NullProgressMonitor());
        JsonObject rec = json(renders().resolve(stem(targets.get(0)) + ".json"));
        JsonObject d = rec.getAsJsonObject("points").getAsJsonArray("drags").get(0).getAsJsonObject();
        assertEquals(point, d.get("point").getAsString());
        assertEquals(3, d.get("dx").getAsDouble(), 1e-3);
        assertEquals(0, d.get("dy").getAsDouble(), 1e-3);
        // DIFT reads the subject word alone, not the prompt: reused; registration and inversion read the prompt
        assertEquals(Map.of("dift", REUSED, "registration", COMPUTED, "inversion", COMPUTED),
                outcomes(record(stem(targets.get(0))).report()));
        Map<String, FileTime> after = cacheFiles();
        assertEquals(before.size() + 2, after.size(), after.toString());
        before.forEach((name, time) -> assertEquals(time, after.get(name), name + " untouched"));
    }

    @Test
    @Order(4)
    void unknownSettingsAndBadValuesAreRefusedByName() throws Exception {
        BatchSpec.Invalid e = assertThrows(BatchSpec.Invalid.class,
                () -> run(swapJob(clip.caption(), "x", ", \"guidanceScal\": 5"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("guidanceScal"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class,
                () -> run(swapJob(clip.caption(), "x", ", \"motionScale\": \"strong\""), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("motionScale"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class,
                () -> run(swapJob(clip.caption(), "x", ", \"remove\": 5"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("remove"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> run(swapJob(clip.caption(), "x", ", \"method\": \"cove\""),
                new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("cove") && e.getMessage().contains("videoswap"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> run(
                swapJob(clip.caption(), "x", ", \"drag\": {\"nose\": {\"x\": 3, \"y\": 4}}"), new NullProgressMonitor()));
        assertTrue(bad.getMessage().contains("nose"), bad.getMessage());
        // numbers are finite and in range, checked when the spec is read (before any job runs)
        for (String[] c : new String[][] { { "guidanceScale", "\"NaN\"", "finite" },
                { "guidanceScale", "1e308", "from 0.0 to 100.0" }, { "motionShare", "1.5", "from 0.0 to 1.0" } }) {
            e = assertThrows(BatchSpec.Invalid.class, () -> run(swapJob(clip.caption(), "x",
                    ", \"" + c[0] + "\": " + c[1]), new NullProgressMonitor()), String.join(" ", c));
            assertTrue(e.getMessage().contains(c[0]) && e.getMessage().contains(c[2]), e.getMessage());
        }
        // (steps is in SETTINGS: a second value would be a duplicate key; its range is checked the same way)
        assertEquals(1.0, VideoSwapSettings.descriptors().stream().filter(x -> x.name().equals("steps")).findFirst()
                .orElseThrow().min());
    }

    @Test
    @Order(5)
    void aCancelledSwapLeavesNoRender() throws Exception {
        String target = targets.get(2);
        String point = clip.spec().shape().pointNames().get(1);
        CancelAtShare monitor = new CancelAtShare(0.4);
        // a drag too: the job gets as far as the method with it
        double[] at = clip.points().get(point)[0];
        String drag = String.format(Locale.ROOT, ", \"drag\": {\"%s\": {\"x\": %.2f, \"y\": %.2f}}", point, at[0] + 3,
                at[1]);
        assertThrows(OperationCanceledException.class, () -> run(swapJob(clip.caption(), target, drag), monitor));
        assertTrue(monitor.done > 0);
        try (Stream<Path> s = Files.list(renders())) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(target)).toList();
            assertEquals(List.of(), left);
        }
    }

    @Test
    @Order(5)
    void aCancelledReRenderKeepsTheEarlierRenderWhole() throws Exception {
        String target = targets.get(0); // rendered by the test of order 2
        String stem = stem(target);
        Map<String, byte[]> before = new TreeMap<>();
        for (String ext : List.of(".mkv", ".mp4", ".json", "-sheet.png")) {
            before.put(ext, Files.readAllBytes(renders().resolve(stem + ext)));
        }
        // cancelled late: the new render's files are written (staged), not yet published
        CancelAtShare monitor = new CancelAtShare(0.89);
        assertThrows(OperationCanceledException.class,
                () -> run(swapJob(clip.caption(), target, ""), monitor));
        for (var e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(renders().resolve(stem + e.getKey())),
                    "the earlier " + e.getKey() + " is as it was");
        }
        try (Stream<Path> s = Files.list(renders())) {
            List<String> hidden = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no staging file or journal is left");
        }
    }

    @Test
    @Order(5)
    void aModelWhoseWeightsDoNotMatchItsChecksumsIsRefusedBeforeItLoads() throws Exception {
        Path copy = dir.resolve("model-checked");
        try (Stream<Path> s = Files.walk(dir.resolve("model"))) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(dir.resolve("model").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        JsonObject files = new JsonObject();
        try (Stream<Path> s = Files.walk(copy)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.addProperty(copy.relativize(p).toString(), io.vswap.diffusion.api.ModelChecksums.sha256(p));
            }
        }
        JsonObject sums = new JsonObject();
        sums.add("files", files);
        Files.writeString(copy.resolve("checksums.json"), sums.toString());
        Path unet = copy.resolve("unet/diffusion_pytorch_model.safetensors");
        byte[] weights = Files.readAllBytes(unet);
        weights[weights.length - 1] ^= 1; // one bit of one weight
        Files.write(unet, weights);
        String job = swapJob(clip.caption(), targets.get(0), ", \"name\": \"checked\"").replace("\"model\": \"model\"",
                "\"model\": \"model-checked\"");
        Exception e = assertThrows(Exception.class, () -> run(job, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.safetensors")
                && e.getMessage().contains("does not match checksums.json"), e.getMessage());
        assertFalse(Files.exists(renders().resolve(stem(targets.get(0)) + "-checked.json")));
    }

    @Test
    @Order(6)
    void runsFromTheCommandLine() throws Exception {
        String point = clip.spec().shape().pointNames().get(1);
        double[] at = clip.points().get(point)[0];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        var command = new io.vswap.batch.internal.BatchCommand(FrameworkUtil.getBundle(SwapJobTest.class)
                .getBundleContext(), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = command.run(new String[] { "--job", "swap", "project=" + dir.resolve("proj"), "shot=sample",
                "prompt=" + clip.caption(), "subject=" + subject, "target=" + targets.get(1),
                "model=" + dir.resolve("model"), "steps=4", "registrationIterations=3", "diftEnsemble=1", "seed=3",
                "remove=" + clip.spec().shape().pointNames().get(0),
                String.format(Locale.ROOT, "drag={\"%s\": {\"x\": %.4f, \"y\": %.4f}}", point, at[0], at[1] + 2) });
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.out.println("$ vswap batch --job swap …\n" + text);
        assertEquals(0, code, text);
        assertTrue(text.contains("dift reused, registration reused, inversion reused"), text);
        JsonObject rec = json(renders().resolve(stem(targets.get(1)) + ".json"));
        assertEquals(2, rec.getAsJsonObject("points").getAsJsonArray("drags").get(0).getAsJsonObject().get("dy")
                .getAsDouble(), 1e-3);
    }

    @Test
    @Order(7)
    void aNamedEditKeepsItsOwnRenderBesideTheUnnamedOne() throws Exception {
        String target = targets.get(0);
        Path unnamed = renders().resolve(stem(target) + ".json");
        assertTrue(Files.isRegularFile(unnamed), "the unnamed render of the earlier tests");
        String before = Files.readString(unnamed, StandardCharsets.UTF_8);
        String summary = run(swapJob(clip.caption(), target, ", \"name\": \"take-2\""), new NullProgressMonitor());
        String stem = stem(target) + "-take-2";
        assertTrue(summary.contains(stem), summary);
        for (String ext : List.of(".mkv", ".mp4", "-sheet.png", ".json")) {
            assertTrue(Files.isRegularFile(renders().resolve(stem + ext)), stem + ext);
        }
        JsonObject rec = json(renders().resolve(stem + ".json"));
        assertEquals("take-2", rec.get("name").getAsString());
        assertEquals("take-2", rec.getAsJsonObject("job").get("name").getAsString());
        assertTrue(rec.getAsJsonArray("files").get(0).getAsString().startsWith(stem), rec.get("files").toString());
        assertEquals(before, Files.readString(unnamed, StandardCharsets.UTF_8), "the unnamed render is untouched");
        for (String bad : List.of("../up", "", "-dash", "a b", "x".repeat(65))) {
            BatchSpec.Invalid e = assertThrows(BatchSpec.Invalid.class, () -> run(
                    swapJob(clip.caption(), target, ", \"name\": \"" + bad + "\""), new NullProgressMonitor()), bad);
            assertTrue(e.getMessage().contains("name"), e.getMessage());
        }
    }

    @Test
    @Order(8)
    void prepareOnlyFillsTheCacheWithoutARenderAndTheNextSwapReusesIt() throws Exception {
        String prompt = clip.caption() + " slowly"; // a prompt no earlier test used: nothing of it is cached
        List<String> rendersBefore;
        try (Stream<Path> s = Files.list(renders())) {
            rendersBefore = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Map<String, FileTime> cacheBefore = cacheFiles();
        String job = """
                {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s",
                 "model": "model", "prepareOnly": true, %s}""".formatted(prompt, subject, SETTINGS);
        String summary = run(job, new NullProgressMonitor());
        System.out.println("prepare only: " + summary);
        assertTrue(summary.contains("registration computed") && summary.contains("inversion computed"), summary);
        try (Stream<Path> s = Files.list(renders())) {
            assertEquals(rendersBefore, s.map(p -> p.getFileName().toString()).sorted().toList(), "no render written");
        }
        Map<String, FileTime> cacheAfter = cacheFiles();
        assertEquals(cacheBefore.size() + 2, cacheAfter.size(), "registration and inversion (DIFT is the prompt's "
                + "neighbour's): " + cacheAfter);

        String target = targets.get(1);
        run(swapJob(prompt, target, ", \"name\": \"after-prepare\""), new NullProgressMonitor());
        assertEquals(Map.of("dift", REUSED, "registration", REUSED, "inversion", REUSED),
                outcomes(record(stem(target) + "-after-prepare").report()));
        assertEquals(cacheAfter, cacheFiles(), "the swap rewrote no cache file");
    }

    @Test
    @Order(9)
    void theModelsRecommendedSettingsFillInWhatTheJobLeavesOut() throws Exception {
        Path file = dir.resolve("model").resolve(ModelSettings.FILE);
        String target = targets.get(0);
        try {
            Files.writeString(file, """
                    {"format": "vswap-model-settings", "version": 1,
                     "methods": {"videoswap": {"motionScale": 3.0, "guidanceScale": 5.0}}}""", StandardCharsets.UTF_8);
            // the job sets guidanceScale itself: the model's motionScale applies, its guidance does not
            String summary = run(swapJob(clip.caption(), target, ", \"guidanceScale\": 6.5, \"name\": \"recommended\""),
                    new NullProgressMonitor());
            assertTrue(summary.contains("the model's settings: motionScale=3.0"), summary);
            JsonObject rec = json(renders().resolve(stem(target) + "-recommended.json"));
            assertEquals(3.0, rec.getAsJsonObject("settings").get("motionScale").getAsDouble());
            assertEquals(6.5, rec.getAsJsonObject("settings").get("guidanceScale").getAsDouble());
            assertEquals(3.0, rec.getAsJsonObject("job").get("motionScale").getAsDouble(), "the job replays as it ran");
            assertEquals("[\"motionScale\"]", rec.getAsJsonArray("modelSettings").toString());
            SwapRender typed = record(stem(target) + "-recommended");
            assertEquals(List.of("motionScale"), typed.modelSettings());
            assertEquals(3.0, typed.report().settings().get("motionScale"), typed.report().settings().toString());

            // a damaged file: the job stops before anything is written, naming the file
            Path renderBefore = renders().resolve(stem(target) + "-recommended.json");
            String before = Files.readString(renderBefore, StandardCharsets.UTF_8);
            Files.writeString(file, "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": "
                    + "{\"videoswap\": {\"motionStrength\": 2}}}", StandardCharsets.UTF_8);
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> run(swapJob(clip.caption(), target,
                    ", \"name\": \"recommended\""), new NullProgressMonitor()));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("motionStrength"),
                    e.getMessage());
            assertEquals(before, Files.readString(renderBefore, StandardCharsets.UTF_8), "the earlier render is untouched");
        } finally {
            Files.deleteIfExists(file);
        }
        // without the file: the method's default again
        run(swapJob(clip.caption(), target, ", \"name\": \"plain\""), new NullProgressMonitor());
        JsonObject plain = json(renders().resolve(stem(target) + "-plain.json"));
        assertEquals(VideoSwapSettings.DEFAULTS.motionScale(), plain.getAsJsonObject("settings").get("motionScale")
                .getAsDouble());
        assertEquals("[]", plain.getAsJsonArray("modelSettings").toString());
    }

    @Test
    @Order(10)
    void subCellPointsRegisterAgainAndChangeTheRenderButReuseEmbeddingsAndInversion() throws Exception {
        String target = targets.get(0);
        run(swapJob(clip.caption(), target, ", \"name\": \"nearest\""), new NullProgressMonitor());
        Map<String, FileTime> before = cacheFiles();
        run(swapJob(clip.caption(), target, ", \"subCellPoints\": true, \"name\": \"subcell\""),
                new NullProgressMonitor());
        JsonObject rec = json(renders().resolve(stem(target) + "-subcell.json"));
        assertTrue(rec.getAsJsonObject("settings").get("subCellPoints").getAsBoolean(), rec.toString());
        assertEquals(Map.of("dift", REUSED, "registration", COMPUTED, "inversion", REUSED),
                outcomes(record(stem(target) + "-subcell").report()));
        Map<String, FileTime> after = cacheFiles();
        assertEquals(before.size() + 1, after.size(), "one more registration beside the nearest-cell one: " + after);
        before.forEach((name, time) -> assertEquals(time, after.get(name), name + " untouched"));
        // the points sit between cells on most frames, so the features and the render differ
        List<RgbFrame> nearest = decode(renders().resolve(stem(target) + "-nearest.mkv"));
        List<RgbFrame> subCell = decode(renders().resolve(stem(target) + "-subcell.mkv"));
        long differing = java.util.stream.IntStream.range(0, nearest.size())
                .filter(i -> !java.util.Arrays.equals(nearest.get(i).rgb(), subCell.get(i).rgb())).count();
        assertTrue(differing > nearest.size() / 2, differing + " of " + nearest.size() + " frames differ");
    }

    /**
     * A method that declares no points (a plug-in as a studio would install it: here the identity
     * edit, registered as a service) runs without a point set, and a point edit is refused for it.
     */
    @Test
    @Order(11)
    void aMethodThatReadsNoPointsNeedsNoPointSetAndRefusesAPointEdit() throws Exception {
        EditMethod copy = new EditMethod() {
            @Override
            public String id() {
                return "identity";
            }

            @Override
            public String displayName() {
                return "Identity (test plug-in)";
            }

            @Override
            public List<io.vswap.swap.api.EditSetting> settings() {
                return List.of();
            }

            @Override
            public io.vswap.swap.api.EditResult run(io.vswap.swap.api.EditRequest request,
                    org.eclipse.core.runtime.IProgressMonitor monitor) {
                assertEquals(null, request.points(), "no points are loaded for it");
                return new io.vswap.swap.api.EditResult(request.frames(), new EditReport.Builder().stageEnded("edit")
                        .build());
            }
        };
        var registration = FrameworkUtil.getBundle(SwapJobTest.class).getBundleContext()
                .registerService(EditMethod.class, copy, null);
        try {
            TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "identity");
            String job = """
                    {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s",
                     "target": "%s", "model": "model", "method": "identity", "points": "no-such-set", "name": "copy"%s}""";
            String summary = run(job.formatted(clip.caption(), subject, targets.get(0), ""), new NullProgressMonitor());
            System.out.println("identity method: " + summary);
            SwapRender rec = record(stem(targets.get(0)) + "-copy");
            assertTrue(rec.job().points().isEmpty(), "no point set recorded: " + rec.job());
            assertEquals("identity", rec.job().method());
            ProjectStore store = TestServices.await(ProjectStore.class);
            Project p = store.open(dir.resolve("proj"));
            List<RgbFrame> source = store.readClipFrames(p, p.shots().get(0), p.shots().get(0).clips().get(0),
                    new NullProgressMonitor());
            List<RgbFrame> out = decode(renders().resolve(stem(targets.get(0)) + "-copy.mkv"));
            for (int f = 0; f < source.size(); f++) {
                assertArrayEquals(source.get(f).rgb(), out.get(f).rgb(), "frame " + f + " is the source's");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(job.formatted(
                    clip.caption(), subject, targets.get(0), ", \"remove\": [\"" + clip.spec().shape().pointNames().get(0)
                            + "\"]"), new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("does not remove or drag points"), e.getMessage());
        } finally {
            registration.unregister();
        }
    }
}
