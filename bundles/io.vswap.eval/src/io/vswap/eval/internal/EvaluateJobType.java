package io.vswap.eval.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.eval.api.Measurement;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.SwapRenders.RecordFiles;
import io.vswap.video.api.RgbFrame;

/**
 * {@code "evaluate"}: every installed metric over swap renders — one record, or every record of a
 * renders folder — written as {@code evaluation.json}, {@code .csv} and {@code .html}.
 */
@Component(service = BatchJobType.class)
public final class EvaluateJobType implements BatchJobType {

    private static final JobField RENDERS = JobField.required("renders", JobField.Kind.PATH,
            "a swap render's record (renders/<name>.json in a project) or a renders folder: all its records");
    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            "the folder for evaluation.json, evaluation.csv and evaluation.html");
    private static final JobField MASK = JobField.optional("mask", JobField.Kind.PATH, "the render's own",
            "subject masks for one render: a PNG strip (frames stacked, white for the subject) or a video");
    private static final JobField METRICS = JobField.optional("metrics", JobField.Kind.NAMES, "all installed",
            "the metrics to run, by id (vswap batch --describe evaluate lists them in its description)");
    private static final JobField CLIP = JobField.optional("clip", JobField.Kind.PATH, "none: CLIP-T/F/I unavailable",
            "a CLIP model folder (transformers' CLIPModel, e.g. openai/clip-vit-large-patch14) for CLIP-T, CLIP-F, CLIP-I");
    private static final JobField REFERENCES = JobField.optional("references", JobField.Kind.PATH, "none",
            "a folder of a concept's reference images (PNG, JPEG) for CLIP-I");
    private static final List<JobField> FIELDS = List.of(RENDERS, OUTPUT, MASK, METRICS, CLIP, REFERENCES);

    @Reference
    private Evaluator evaluator;

    @Override
    public String type() {
        return "evaluate";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "measure swap renders against their source clips with every installed metric ("
                + String.join(", ", evaluator.metrics().stream().map(m -> m.id()).toList())
                + "); a metric that lacks what it needs is listed as unavailable with the reason";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path renders = RENDERS.path(spec);
        Path output = OUTPUT.path(spec);
        Optional<Path> mask = MASK.optPath(spec);
        Optional<Path> clip = CLIP.optPath(spec);
        Optional<Path> references = REFERENCES.optPath(spec);
        Set<String> metrics = new LinkedHashSet<>(spec.optStrings(METRICS.name()).orElse(List.of()));
        for (String id : metrics) {
            if (evaluator.metrics().stream().noneMatch(m -> m.id().equals(id))) {
                throw spec.error(METRICS.name(), "\"" + id + "\" is not an installed metric; they are: " + String.join(
                        ", ", evaluator.metrics().stream().map(m -> m.id()).toList()));
            }
        }
        if (mask.isPresent() && Files.isDirectory(renders)) {
            throw spec.error(MASK.name(), "a mask is for one render; name a render's record in \"renders\", not a folder");
        }
        return new BatchJob() {
            @Override
            public String describe() {
                return "evaluate " + renders + " → " + output;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                RecordFiles found = records(renders);
                List<Path> records = found.records();
                SubMonitor sub = SubMonitor.convert(monitor, "Evaluating " + records.size() + " render(s)",
                        records.size() * 10 + 1);
                List<Evaluation> done = new ArrayList<>();
                List<RgbFrame> refs = references.isPresent() ? ReferenceImages.read(references.get()) : List.of();
                for (Path r : records) {
                    sub.subTask("reading " + r.getFileName());
                    EvaluationInput in = evaluator.loadRender(r, mask, sub.split(2)).withConceptImages(refs);
                    if (clip.isPresent()) {
                        in = in.withModelFolder(clip.get());
                    }
                    done.add(evaluator.evaluate(in, metrics, sub.split(8)));
                }
                evaluator.writeReport(done, output);
                sub.worked(1);
                long measured = done.stream().flatMap(e -> e.measurements().stream())
                        .filter(m -> m.result().isPresent()).count();
                long unavailable = done.stream().flatMap(e -> e.measurements().stream())
                        .filter(m -> m.result().isEmpty()).map(Measurement::metric).distinct().count();
                return String.format(Locale.ROOT, "%d render(s), %d measurements%s → %s%s", done.size(), measured,
                        unavailable == 0 ? "" : " (" + unavailable + " metric(s) unavailable for some: see the report)",
                        output.resolve("evaluation.html"), found.leftOut().isEmpty() ? ""
                                : "; not render records, left out: " + String.join("; ", found.leftOut()));
            }
        };
    }

    /** The record itself, or a folder's records (the swap job's {@code <stem>.json}) by name. */
    static RecordFiles records(Path renders) throws IOException {
        RecordFiles found = SwapRenders.recordsIn(renders);
        if (found.records().isEmpty()) {
            throw new IOException("the folder " + renders + " holds no render records (<name>.json); make a swap first"
                    + (found.leftOut().isEmpty() ? "" : " (" + String.join("; ", found.leftOut()) + ")"));
        }
        return found;
    }
}
