package io.vswap.samples.model.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.ClipTarget;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ContextWindows;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.WindowFusion;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFile;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * {@code "reconstruct"}: a prepared clip through the diffusion model and back — VAE-encode,
 * DDIM-invert with the prompt (no guidance), sample back, decode — written to the project's
 * {@code renders/} as a lossless FFV1 file, an H.264 deliverable and a contact sheet, with a
 * report of the PSNR per frame. It is VideoSwap's inversion on its own: what an edit starts
 * from, and how much of the source the model can carry through.
 */
@Component(service = BatchJobType.class)
public final class ReconstructJobType implements BatchJobType {

    @Reference
    private TensorRuntime runtime;

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Override
    public String type() {
        return "reconstruct";
    }

    private static final JobField PROMPT = JobField.required("prompt", JobField.Kind.TEXT,
            "the clip's caption, for the inversion and the sampling back");
    private static final JobField STEPS = JobField.integer("steps", 50, "DDIM steps each way").within(1, 1000);
    private static final JobField MODEL = JobField.optional("model", JobField.Kind.PATH, "the built-in sample model",
            "a model folder");
    private static final List<JobField> FIELDS = java.util.stream.Stream.concat(
            ClipTarget.fields("the clip to reconstruct").stream(), java.util.stream.Stream.of(PROMPT, STEPS, MODEL))
            .toList();

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "DDIM-invert a prepared clip with its prompt and sample it back through the diffusion model; writes "
                + "renders/<shot>-<clip>-reconstruction.{mkv,mp4,png} and a .json report (PSNR per frame)";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        ClipTarget target = ClipTarget.read(spec);
        String prompt = PROMPT.text(spec);
        int steps = STEPS.integer(spec);
        Optional<Path> modelDir = MODEL.optPath(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "reconstruct " + target.describe() + " through " + steps + "-step DDIM inversion ("
                        + modelDir.map(Path::toString).orElse("the sample model") + ")";
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SubMonitor sub = SubMonitor.convert(monitor, "Reconstructing " + target.shot(), 100);
                ClipTarget.Found found = target.find(store);
                Project p = found.project();
                Shot s = found.shot();
                Clip c = found.clip();
                List<RgbFrame> source = store.readClipFrames(p, s, c, sub.split(5));
                VideoDiffusionModel.Layout layout = modelDir.isPresent() ? verified(modelDir.get()) : SampleModel.shipped();
                List<RgbFrame> result = runtime.call(() -> {
                    try (NDManager root = runtime.newManager();
                            VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                        return reconstruct(model, root, source, prompt, steps, sub.split(85));
                    }
                });
                List<Double> psnr = new ArrayList<>();
                for (int i = 0; i < source.size(); i++) {
                    psnr.add(SampleModelEvaluation.psnrs(List.of(source.get(i).toFloatRgb()),
                            List.of(result.get(i).toFloatRgb())).get(0));
                }
                double mean = psnr.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                String stem = found.stem() + "-reconstruction";
                Path renders = p.rendersFolder();
                double fps = s.probe().frameRate() / c.settings().stride();
                // published as one unit: an earlier reconstruction stays whole until the new one is
                try (RenderSet out = RenderSet.in(p)) {
                    codecs.writeVideo(out.stage(stem + ".mkv"), VideoFormat.FFV1_MKV, result, fps, sub.split(4));
                    codecs.writeVideo(out.stage(stem + ".mp4"), VideoFormat.H264_MP4, result, fps, sub.split(4));
                    List<RgbFrame> both = new ArrayList<>(source);
                    both.addAll(result);
                    AtomicFile.write(out.stage(stem + "-sheet.png"), ContactSheet.png(both, null));
                    JsonObject report = new JsonObject();
                    report.addProperty("prompt", prompt);
                    report.addProperty("steps", steps);
                    report.addProperty("model", layout.folder().toString());
                    report.addProperty("mean_psnr_db", mean);
                    JsonArray per = new JsonArray();
                    psnr.forEach(per::add);
                    report.add("psnr_db", per);
                    AtomicFile.writeString(out.stage(stem + ".json"),
                            new GsonBuilder().setPrettyPrinting().create().toJson(report));
                    if (sub.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    out.publish();
                }
                sub.worked(2);
                return String.format(Locale.ROOT, "%d frames, mean PSNR %.2f dB against the source → %s.{mkv,mp4}",
                        result.size(), mean, renders.resolve(stem));
            }
        };
    }

    private static VideoDiffusionModel.Layout verified(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.isRegularFile(dir.resolve(SampleModel.CHECKSUMS))) {
            SampleModel.verify(dir);
        }
        return VideoDiffusionModel.Layout.of(dir);
    }

    private static List<RgbFrame> reconstruct(VideoDiffusionModel model, NDManager root, List<RgbFrame> source,
            String prompt, int steps, SubMonitor monitor) {
        int w = source.get(0).width();
        int h = source.get(0).height();
        int expected = model.vae().config().sampleSize();
        if (w != h || w != expected) {
            throw new IllegalArgumentException("the clip is " + w + "×" + h + " but the model works at " + expected + "×"
                    + expected + "; import the shot with \"size\": \"" + expected + "x" + expected + "\"");
        }
        int frames = source.size();
        DdimScheduler scheduler = DdimScheduler.stableDiffusion15().setTimesteps(steps);
        monitor.setWorkRemaining(2 * steps);
        DdimInversion inversion = new DdimInversion(scheduler, 0);
        // a clip longer than the motion module's window runs in sliding windows, as a swap does
        List<ContextWindows.Window> windows = ContextWindows.DEFAULT.fitTo(model.unet().motionConfig()).windows(frames);
        try (NDManager m = root.newSubManager()) {
            NDArray latents = model.vae().encodeFrames(m, source.stream().map(RgbFrame::rgb).toList(), w, h);
            int span = windows.get(0).count();
            NDArray hidden = model.encodePrompts(m, List.of(prompt)).repeat(0, span);
            DdimInversion.NoisePredictor eps = (x, t) -> WindowFusion.run(windows, x, (window, xw) -> {
                if (monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                return model.unet().forward(xw, span, new float[] { t }, hidden, null);
            });
            DdimInversion.StepHook progress = (i, t, z) -> monitor.worked(1);
            NDArray back = inversion.sample(inversion.invert(latents, eps, progress), eps, progress);
            List<byte[]> out = model.vae().decodeFrames(back);
            List<RgbFrame> result = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                result.add(new RgbFrame(i, w, h, out.get(i)));
            }
            return result;
        }
    }
}
