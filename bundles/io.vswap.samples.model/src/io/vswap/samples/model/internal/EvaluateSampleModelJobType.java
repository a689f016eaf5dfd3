package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ai.djl.ndarray.NDManager;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFile;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * {@code "evaluate-sample-model"}: measures a sample model (the shipped one by default) against
 * the sample world's ground truth and prints the table docs/sample-model.md quotes.
 */
@Component(service = BatchJobType.class)
public final class EvaluateSampleModelJobType implements BatchJobType {

    /** In the order they run. */
    private static final List<String> PARTS = List.of("vae", "inversion", "generation");

    @Reference
    private TensorRuntime runtime;

    @Override
    public String type() {
        return "evaluate-sample-model";
    }

    private static final JobField MODEL = JobField.optional("model", JobField.Kind.PATH, "the shipped sample model",
            "the model folder to measure");
    private static final JobField SAMPLES = JobField.integer("samples", 100, "samples per figure").within(1, null);
    private static final JobField PART_LIST = JobField.optional("parts", JobField.Kind.NAMES, String.join(",", PARTS),
            "what to measure: vae (PSNR), inversion (round-trip PSNR), generation (text-to-clip accuracy)");
    private static final JobField INVERSION_STEPS = JobField.integer("inversion_steps", 50, "DDIM steps of the "
            + "inversion round trip").within(1, null);
    private static final JobField GENERATION_STEPS = JobField.integer("generation_steps", 50, "DDIM steps of "
            + "text-to-clip generation").within(1, null);
    private static final JobField GUIDANCE = JobField.decimal("guidance", 7.5, "classifier-free guidance scale of "
            + "generation (1: none)");
    private static final JobField SEED = JobField.integer("seed", 1, "the seed the samples are drawn from");
    private static final JobField REPORT = JobField.optional("report", JobField.Kind.PATH, "none",
            "a .md file to write the table to (after each part)");
    private static final JobField SHEET = JobField.optional("sheet", JobField.Kind.PATH, "none", "a .png contact "
            + "sheet of generated clips: a row per clip, frames 0, 5, 10, 15, framed green where the checker read the "
            + "asked shape and colour, red where not");
    private static final JobField SHEET_CLIPS = JobField.integer("sheet_clips", 8, "clips on the contact sheet")
            .within(1, null);
    private static final List<JobField> FIELDS = List.of(MODEL, SAMPLES, PART_LIST, INVERSION_STEPS,
            GENERATION_STEPS, GUIDANCE, SEED, REPORT, SHEET, SHEET_CLIPS);

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "measure a sample model with the sample world's checker: VAE PSNR, DDIM inversion round-trip PSNR, "
                + "text-to-clip shape/colour accuracy and smoothness (the table docs/sample-model.md quotes)";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Optional<Path> modelDir = MODEL.optPath(spec);
        int samples = SAMPLES.integer(spec);
        Set<String> parts = Set.copyOf(spec.optStrings("parts").orElse(PARTS));
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                throw spec.error("parts", "\"" + p + "\" is not one of " + PARTS);
            }
        }
        int inversionSteps = INVERSION_STEPS.integer(spec);
        int generationSteps = GENERATION_STEPS.integer(spec);
        double guidance = GUIDANCE.decimal(spec);
        long seed = SEED.integer(spec);
        Optional<Path> report = REPORT.optPath(spec);
        Optional<Path> sheet = SHEET.optPath(spec);
        int sheetClips = SHEET_CLIPS.integer(spec);
        if (sheet.isPresent() && !parts.contains("generation")) {
            throw spec.error("sheet", "shows generated clips; add generation to parts");
        }
        return new EvaluationJob(new Asked(modelDir, samples, parts, inversionSteps, generationSteps, guidance, seed,
                report, sheet, sheetClips));
    }

    /** What a job asks for, read from its spec. */
    private record Asked(Optional<Path> modelDir, int samples, Set<String> parts, int inversionSteps,
            int generationSteps, double guidance, long seed, Optional<Path> report, Optional<Path> sheet,
            int sheetClips) {
    }

    private final class EvaluationJob implements BatchJob {

        private final Asked asked;

        EvaluationJob(Asked asked) {
            this.asked = asked;
        }

        @Override
        public String describe() {
            return "evaluate " + asked.modelDir().map(Path::toString).orElse("the shipped sample model") + " on "
                    + asked.samples() + " samples per figure (" + String.join(", ", asked.parts()) + ")";
        }

        @Override
        public String run(IProgressMonitor monitor) throws Exception {
            VideoDiffusionModel.Layout layout;
            if (asked.modelDir().isPresent()) {
                SampleModel.verify(asked.modelDir().get());
                layout = VideoDiffusionModel.Layout.of(asked.modelDir().get());
            } else {
                layout = SampleModel.shipped();
            }
            SampleModelEvaluation.Figures f = runtime.call(() -> {
                try (NDManager root = runtime.newManager();
                        VideoDiffusionModel model = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                    return evaluate(model, root, monitor);
                }
            });
            System.out.print(document(f, List.of()));
            return "evaluated " + layout.folder()
                    + (asked.report().isPresent() ? "; table in " + asked.report().get() : "")
                    + (asked.sheet().isPresent() ? "; contact sheet in " + asked.sheet().get() : "");
        }

        /** Runs the asked parts in order, writing the report (and sheet) after each, so a cancel keeps what was measured. */
        private SampleModelEvaluation.Figures evaluate(VideoDiffusionModel model, NDManager root,
                IProgressMonitor monitor) throws IOException {
            SubMonitor sub = SubMonitor.convert(monitor, 3);
            var e = new SampleModelEvaluation(model, SampleModelConfigs.IMAGE_SIZE, SampleModelConfigs.FRAMES);
            var f = new SampleModelEvaluation.Figures(asked.samples(), null, null, null, asked.inversionSteps(), null,
                    asked.generationSteps(), asked.guidance());
            if (asked.parts().contains("vae")) {
                var vae = e.vaeRoundTrip(root, asked.samples(), asked.seed(), sub.split(1));
                log(String.format(Locale.ROOT, "VAE PSNR %.2f dB", vae.psnr()));
                f = f.withVae(vae);
                write(f, pending("vae"));
            }
            if (asked.parts().contains("inversion")) {
                double[] inv = e.inversionPsnr(root, asked.samples(), asked.inversionSteps(), asked.seed() + 1,
                        sub.split(1));
                log(String.format(Locale.ROOT, "inversion PSNR %.2f dB", inv[0]));
                f = f.withInversion(inv[0], inv[1]);
                write(f, pending("inversion"));
            }
            if (asked.parts().contains("generation")) {
                var gen = e.textToClip(root, asked.samples(), asked.generationSteps(), asked.guidance(),
                        asked.seed() + 2, asked.sheet().isPresent() ? asked.sheetClips() : 0, sub.split(1));
                f = f.withGeneration(gen);
                if (asked.sheet().isPresent()) {
                    AtomicFile.write(asked.sheet().get(),
                            GenerationSheet.png(gen.kept(), SampleModelConfigs.IMAGE_SIZE));
                }
                write(f, List.of());
            }
            return f;
        }

        /** The asked parts after {@code done}, in the order they run. */
        private List<String> pending(String done) {
            return PARTS.stream().filter(asked.parts()::contains).dropWhile(p -> !p.equals(done)).skip(1).toList();
        }

        private void write(SampleModelEvaluation.Figures f, List<String> pending) throws IOException {
            if (asked.report().isPresent()) {
                AtomicFile.writeString(asked.report().get(), document(f, pending));
            }
        }

        private String document(SampleModelEvaluation.Figures f, List<String> pending) {
            String text = pending.isEmpty() ? ""
                    : "INCOMPLETE: still to measure: " + String.join(", ", pending)
                            + " (the run was cancelled or is still going)\n\n";
            text += f.table();
            if (asked.sheet().isPresent() && f.generation() != null) {
                text += "\nContact sheet " + asked.sheet().get().getFileName() + ", rows top to bottom: "
                        + GenerationSheet.captions(f.generation().kept()) + "\n";
            }
            return text;
        }

        private void log(String line) {
            if (line != null) {
                System.err.println("  " + line);
            }
        }
    }
}
