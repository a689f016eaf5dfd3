package io.vswap.swap.internal.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.points.api.PointSetStore;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.api.TargetConcepts;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * {@code "swap"}: one subject swap of a prepared, tracked clip with an {@link EditMethod}
 * (VideoSwap unless {@code method} names another), e.g.
 * {@code {"type": "swap", "project": "p", "shot": "s", "prompt": "a red disc on a blue striped background",
 * "subject": "disc", "target": "square", "remove": ["left"], "drag": {"top": {"x": 30, "y": 12}}, "steps": 25}}.
 * The job is a {@link SwapSpec}; {@link SwapRun} runs it and {@link RenderWriter} publishes
 * {@code renders/<shot>-<clip>-swap-<target>.mkv} (FFV1), {@code .mp4} (H.264), {@code -sheet.png}
 * (source row over result row) and {@code .json} (the {@link io.vswap.swap.api.SwapRender} record).
 */
@Component(service = BatchJobType.class)
public final class SwapJobType implements BatchJobType {

    @Reference
    private TensorRuntime runtime;

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Reference
    private PointSetStore pointSets;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<EditMethod> methods;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    /** The concept library, where installed: targets such as {@code <hexagon1>}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TargetConcepts targetConcepts;

    @Override
    public String type() {
        return SwapSpec.TYPE;
    }

    @Override
    public String description() {
        return "swap the subject of a prepared, tracked clip; writes renders/<shot>-<clip>-swap-<target>[-<name>]"
                + ".{mkv,mp4,json} and -sheet.png. A method setting left out takes the model folder's recommendation "
                + "in " + ModelSettings.FILE + ", else the method's default";
    }

    /** The job's fields with the default method's settings (another method brings its own). */
    @Override
    public List<JobField> fields() {
        return method(SwapSpec.DEFAULT_METHOD).map(SwapSpec::fields).orElse(SwapSpec.DECLARED);
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        String methodId = spec.optString("method").orElse(SwapSpec.DEFAULT_METHOD);
        EditMethod method = method(methodId).orElseThrow(() -> spec.error("method", "no edit method \"" + methodId
                + "\" is installed; installed: " + ids(methods, EditMethod::id)));
        SwapSpec job = SwapSpec.parse(spec, method.settings(), method.presets());
        checkConcepts(spec, job, method);
        return new SwapJob(job);
    }

    /** One swap job: runs, says whether its render is already there, and shares its source side. */
    private final class SwapJob implements BatchJob, io.vswap.swap.api.ObservableEditJob {
        private final SwapSpec job;
        private volatile io.vswap.swap.api.EditObserver observer = io.vswap.swap.api.EditObserver.NONE;

        SwapJob(SwapSpec job) {
            this.job = job;
        }

        @Override
        public String describe() {
            return (job.prepareOnly() ? "preprocess for a swap of" : "swap") + " \"" + job.subject() + "\""
                    + (job.prepareOnly() ? "" : " → \"" + job.target() + "\"") + " in " + job.project() + ", shot \""
                    + job.shot() + "\"" + job.clip().map(c -> ", clip \"" + c + "\"").orElse("") + " (" + job.method()
                    + ", " + job.model().map(Path::toString).orElse("the " + SwapSpec.DEFAULT_MODEL + " model") + ")";
        }

        @Override
        public String run(IProgressMonitor monitor) throws Exception {
            return swapRun().run(job, monitor, observer);
        }

        @Override
        public void observe(io.vswap.swap.api.EditObserver o) {
            observer = o == null ? io.vswap.swap.api.EditObserver.NONE : o;
        }

        @Override
        public Optional<String> completed() throws Exception {
            return swapRun().completed(job);
        }

        /**
         * The clip's source side (for VideoSwap: DIFT embeddings, registration, inversion), which
         * every target of the clip starts from: one {@code prepareOnly} run before them. Keyed by
         * all but the target, the point edit and the render's name.
         */
        @Override
        public Optional<SharedPreparation> sharedPreparation() {
            if (job.prepareOnly()) {
                return Optional.empty();
            }
            SwapSpec prep = new SwapSpec(job.project(), job.shot(), job.clip(), job.points(), job.prompt(),
                    job.subject(), job.subject(), List.of(), java.util.Map.of(), 0, job.model(), job.method(),
                    Optional.empty(), true, job.settings());
            com.google.gson.JsonObject key = prep.toJob();
            key.addProperty("project", job.project().toAbsolutePath().normalize().toString());
            return Optional.of(new SharedPreparation(key.toString(), new SwapJob(prep)));
        }

        /**
         * A rough estimate for a farm's scheduler: the JVM (2 GiB: a sample-model swap peaked at 2185 MiB), the model's weights four times over
         * (weights, gradients and AdamW's two moments during registration) and the clip's frames
         * and activations at a few kilobytes a pixel. Measured figures: docs/farm.md.
         */
        @Override
        public io.vswap.batch.api.JobResources resources() {
            long weights = 0;
            try {
                Path folder = io.vswap.diffusion.api.ModelFolders.resolve(job.model(), models, SwapSpec.DEFAULT_MODEL)
                        .folder();
                try (var files = java.nio.file.Files.walk(folder)) {
                    weights = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            } catch (Exception e) {
                weights = 4L << 30; // unknown model: assume one of Stable Diffusion's size
            }
            long pixels = 0;
            try {
                var found = job.clipTarget().find(store);
                var c = found.clip().settings();
                pixels = (long) c.frameCount() * c.outputWidth() * c.outputHeight();
            } catch (Exception e) {
                pixels = 16L * 512 * 512;
            }
            long mib = 2048 + 4 * weights / (1 << 20) + pixels * 4096 / (1 << 20);
            return new io.vswap.batch.api.JobResources(2, Math.max(io.vswap.batch.api.JobResources.DEFAULT.memoryMiB(),
                    mib), 0, 0);
        }

        private SwapRun swapRun() {
            EditMethod m = method(job.method()).orElseThrow(() -> new IllegalStateException("the edit method \""
                    + job.method() + "\" is no longer installed"));
            return new SwapRun(runtime, store, pointSets, new RenderWriter(codecs), m, models, targetConcepts);
        }
    }

    /** A target naming a concept: found in the libraries in use, or the spec is refused by its field. */
    private void checkConcepts(JobSpec spec, SwapSpec job, EditMethod method) throws SpecException {
        List<String> tokens = job.prepareOnly() ? List.of() : TargetConcepts.tokensIn(job.target());
        if (tokens.isEmpty()) {
            return;
        }
        if (!method.inputs().contains(io.vswap.swap.api.EditInput.CONCEPTS)) {
            throw spec.error("target", "names the concept " + String.join(", ", tokens) + ", but the method \""
                    + method.id() + "\" swaps for words only; swap for a concept with \"videoswap\"");
        }
        TargetConcepts c = targetConcepts;
        if (c == null) {
            throw spec.error("target", "names the concept " + String.join(", ", tokens) + ", but the concept library "
                    + "is not installed: install it, or swap for a word");
        }
        try {
            c.check(tokens, null);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw spec.error("target", e.getMessage());
        }
    }

    private Optional<EditMethod> method(String id) {
        List<EditMethod> m = methods;
        return m == null ? Optional.empty() : m.stream().filter(x -> x.id().equals(id)).findFirst();
    }

    private static <T> String ids(List<T> services, java.util.function.Function<T, String> id) {
        return services == null || services.isEmpty() ? "none"
                : services.stream().map(id).map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
    }
}
