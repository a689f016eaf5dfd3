package io.vswap.swap.tests;

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

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.internal.WorldTokenizer;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.testing.TestServices;
import io.vswap.testing.TruthPoints;
import io.vswap.testing.VideoFiles;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * What the swap-job tests run against, one per test class in a folder of that class's own (so that
 * no class sees another's renders or edit cache): a sample-world clip imported into the project
 * {@code proj}, points written from its truth as a "track" job would have saved them, and a
 * random-weight tiny model folder {@code model}; with the helpers that run jobs through the real
 * job-type services and read back renders, records and the edit cache.
 */
final class SwapJobFixture {

    private static final long SEED = 7;
    // one edit pass (the shipped model recommends two): these tests are about the job, not the passes
    private static final String SETTINGS = "\"steps\": 4, \"registrationIterations\": 3, \"diftEnsemble\": \"1\", \"seed\": 3, "
            + "\"placementPasses\": 1";

    final Path dir;
    final SampleClip clip;
    final String subject;
    final List<String> targets;

    private SwapJobFixture(Path dir) {
        this.dir = dir;
        clip = SampleWorld.clip(SEED, 64, 16);
        subject = clip.spec().shape().word();
        targets = Arrays.stream(SubjectShape.values()).map(SubjectShape::word).filter(w -> !w.equals(subject)).toList();
    }

    /** The project, its points and the tiny model, written into {@code dir} (a test class's own folder). */
    static SwapJobFixture create(Path dir) throws Exception {
        long t0 = System.nanoTime();
        SwapJobFixture fx = new SwapJobFixture(dir);
        SampleClip clip = fx.clip;
        VideoCodecRegistry codecs = TestServices.await(VideoCodecRegistry.class);
        FrameWriter w = codecs.writerFor(VideoFormat.FFV1_MKV).orElseThrow()
                .openWriter(dir.resolve("sample.mkv"), new EncodeSettings(VideoFormat.FFV1_MKV, 64, 64, 24));
        for (int f = 0; f < clip.frameCount(); f++) {
            w.write(new RgbFrame(f, 64, 64, clip.frameRgb(f)));
        }
        w.close();
        fx.run("""
                {"type": "import", "video": "sample.mkv", "project": "proj", "shot": "sample",
                 "clip": {"name": "main", "start": 0, "frames": 16, "stride": 1, "size": "64x64"}}""",
                new NullProgressMonitor());
        // the points from the sample's truth, as a "track" job would have saved them
        Project project = fx.project();
        Shot shot = project.shots().get(0);
        PointSet set = TruthPoints.of(clip, "main");
        TestServices.await(PointSetStore.class).save(project, shot, set);
        fx.writeTinyModel(dir.resolve("model"));
        System.out.printf(Locale.ROOT, "setup (project, points, tiny model): %.1f s; caption \"%s\"%n",
                (System.nanoTime() - t0) / 1e9, clip.caption());
        return fx;
    }

    /** A random-weight model folder of TinyWorld's sizes, with a byte-level BPE tokenizer that knows the sample words. */
    private void writeTinyModel(Path folder) throws Exception {
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
    String run(String job, IProgressMonitor monitor) throws Exception {
        Path spec = Files.createTempFile(dir, "spec", ".json");
        Files.writeString(spec, "{\"version\": 1, \"jobs\": [" + job + "]}", StandardCharsets.UTF_8);
        return BatchSpec.read(spec, jobTypes()).jobs().get(0).run(monitor);
    }

    /** {@link #run(String, IProgressMonitor)} with the edit reported to {@code observer}, as the workbench runs it. */
    String run(String job, IProgressMonitor monitor, io.vswap.swap.api.EditObserver observer) throws Exception {
        Path spec = Files.createTempFile(dir, "spec", ".json");
        Files.writeString(spec, "{\"version\": 1, \"jobs\": [" + job + "]}", StandardCharsets.UTF_8);
        var parsed = BatchSpec.read(spec, jobTypes()).jobs().get(0);
        ((io.vswap.swap.api.ObservableEditJob) parsed).observe(observer);
        return parsed.run(monitor);
    }

    private static Map<String, BatchJobType> jobTypes() throws Exception {
        TestServices.await(EditMethod.class); // the swap job reads the method's settings while parsing
        return TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "swap");
    }

    /** A swap job on the project's clip with the tests' few-step {@link #SETTINGS}; {@code extra} starts with a comma. */
    String swapJob(String prompt, String target, String extra) {
        return """
                {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s", "target": "%s",
                 "model": "model", %s%s}""".formatted(prompt, subject, target, SETTINGS, extra);
    }

    /** A "prepareOnly" swap job: fills the edit cache with the source side of {@code prompt}, writes no render. */
    String prepare(String prompt) throws Exception {
        return run(prepareJob(prompt), new NullProgressMonitor());
    }

    /** The "prepareOnly" job {@link #prepare} runs. */
    String prepareJob(String prompt) {
        return """
                {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s",
                 "model": "model", "prepareOnly": true, %s}""".formatted(prompt, subject, SETTINGS);
    }

    /** Runs {@code swapJob(caption, target, extra)}: the source side of the caption is computed or reused. */
    String swap(String target, String extra) throws Exception {
        return run(swapJob(clip.caption(), target, extra), new NullProgressMonitor());
    }

    Project project() throws Exception {
        return TestServices.await(ProjectStore.class).open(dir.resolve("proj"));
    }

    Path renders() {
        return dir.resolve("proj/renders");
    }

    Path cacheFolder() throws Exception {
        Project p = project();
        return p.cacheFolder().resolve(p.shots().get(0).id()).resolve("main").resolve("edit-videoswap");
    }

    /** The edit cache's files with their modification times (hidden ones left out). */
    Map<String, FileTime> cacheFiles() throws Exception {
        Map<String, FileTime> m = new TreeMap<>();
        Path folder = cacheFolder();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                for (Path f : s.toList()) {
                    if (f.getFileName().toString().startsWith(".")) {
                        continue; // the preparer's lock (PreprocessingLock), not cache content
                    }
                    m.put(f.getFileName().toString(), Files.getLastModifiedTime(f));
                }
            }
        }
        return m;
    }

    /** The names in {@code renders/}, sorted. */
    List<String> renderNames() throws Exception {
        try (Stream<Path> s = Files.list(renders())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The render's record, read as the workbench reads it. */
    SwapRender record(String stem) throws Exception {
        return SwapRenders.read(renders().resolve(stem + ".json"));
    }

    /** The file stem of the unnamed render for {@code target}. */
    String stem(String target) throws Exception {
        return project().shots().get(0).id() + "-main-swap-" + target;
    }

    static List<RgbFrame> decode(Path file) throws Exception {
        return VideoFiles.frames(file);
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
}
