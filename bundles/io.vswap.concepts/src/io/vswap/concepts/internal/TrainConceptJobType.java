package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

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
import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.diffusion.api.ModelProvider;

/**
 * The {@code train-concept} job: an ED-LoRA concept learnt from a folder of reference images and added to
 * a library. Its checkpoint lives in the library's hidden {@code .training/<token>} folder (or {@code work}),
 * so the same job run again after a crash or a cancel continues from the last one.
 */
@Component(service = BatchJobType.class)
public final class TrainConceptJobType implements BatchJobType {

    /** Where a library keeps the checkpoints of trainings under way (hidden: never listed as a concept). */
    public static final String TRAINING_FOLDER = ".training";
    /** The quick preset's share of Mix-of-Show's step count. */
    static final double QUICK_SHARE = 0.2;

    static final JobField IMAGES = JobField.required("images", JobField.Kind.PATH,
            "a folder of " + TrainingRequest.MIN_IMAGES + " to " + TrainingRequest.MAX_IMAGES
                    + " reference images (.png, .jpg, .jpeg), taken in name order");
    static final JobField TOKEN = JobField.required("token", JobField.Kind.TEXT,
            "the concept's token, written like <hexagon1>");
    static final JobField CLASS_WORD = JobField.required("classWord", JobField.Kind.TEXT,
            "the kind of thing it is (hexagon, dog): its embedding starts the concept's second token");
    static final JobField NAME = JobField.optional("name", JobField.Kind.TEXT, "the token", "the concept's name");
    static final JobField DESCRIPTION = JobField.optional("description", JobField.Kind.TEXT, "none", "free text");
    static final JobField PRESET = JobField.optional("preset", JobField.Kind.TEXT, "standard",
            "standard: Mix-of-Show's step count (images x 500 / 2); quick: a fifth of it");
    static final JobField STEPS = JobField.optional("steps", JobField.Kind.INTEGER, "the preset's",
            "training steps (overrides the preset)");
    static final JobField CHECKPOINT_EVERY = JobField.optional("checkpointEvery", JobField.Kind.INTEGER,
            "a tenth of the steps, at most 100", "steps between checkpoints");
    static final JobField SEED = JobField.integer("seed", 0, "the training's seed").within(0, null);
    static final JobField WORK = JobField.optional("work", JobField.Kind.PATH, "the library's .training/<token> folder",
            "where the checkpoint is kept while training");
    private static final List<JobField> FIELDS = List.of(IMAGES, TOKEN, CLASS_WORD, NAME, DESCRIPTION, PRESET, STEPS,
            CHECKPOINT_EVERY, SEED, WORK, ConceptJobs.LIBRARY, ConceptJobs.MODEL);

    @Reference
    private ConceptStore store;

    @Reference
    private ConceptTrainer trainer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Override
    public String type() {
        return "train-concept";
    }

    @Override
    public String description() {
        return "learn an ED-LoRA concept (Mix-of-Show: layer-wise token embeddings, LoRA on the text encoder and the "
                + "UNet) from 3 to 20 reference images and add it to a library; resumes from its last checkpoint";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path folder = IMAGES.path(spec);
        String token = TOKEN.text(spec);
        try {
            Concept.requireToken(token);
        } catch (IllegalArgumentException e) {
            throw spec.error(TOKEN.name(), e.getMessage());
        }
        String classWord = CLASS_WORD.text(spec);
        String name = NAME.optText(spec).orElse(token);
        String description = DESCRIPTION.optText(spec).orElse("");
        String preset = PRESET.optText(spec).orElse("standard");
        if (!preset.equals("standard") && !preset.equals("quick")) {
            throw spec.error(PRESET.name(), "is \"standard\" or \"quick\", not \"" + preset + "\"");
        }
        Optional<Integer> steps = optPositive(spec, STEPS);
        Optional<Integer> every = optPositive(spec, CHECKPOINT_EVERY);
        long seed = SEED.integer(spec);
        Optional<Path> work = WORK.optPath(spec);
        Optional<Path> model = ConceptJobs.MODEL.optPath(spec);
        ConceptLibrary into = ConceptJobs.library(store, spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "train " + token + " (" + classWord + ") from " + folder + " → " + into.folder();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                Path modelFolder = ConceptJobs.modelFolder(model, models);
                // settings stand in until the checks pass and the model's own defaults are known
                TrainingRequest draft = new TrainingRequest(modelFolder, images(folder), name, token, classWord,
                        description, List.of(), TrainingSettings.mixOfShow(3, 1, 1, 1),
                        work.orElse(into.folder().resolve(TRAINING_FOLDER).resolve(token.substring(1,
                                token.length() - 1))));
                trainer.check(draft);
                TrainingSettings s = trainer.defaults(draft, preset.equals("quick") ? QUICK_SHARE : 1).withSeed(seed);
                if (steps.isPresent()) {
                    s = s.withSteps(steps.get());
                }
                if (every.isPresent()) {
                    s = s.withCheckpointEvery(every.get());
                }
                long t0 = System.nanoTime();
                StoredConcept c = trainer.train(draft.withSettings(s), into, TrainingListener.NONE, monitor);
                var fig = c.require().training().figures();
                return String.format(Locale.ROOT, "\"%s\" (%s) → %s: %d steps%s, loss %.4f → %.4f, %s", c.label(), token,
                        c.folder(), s.steps(), fig.getOrDefault("resumedFromStep", 0.0) > 0 ? " (resumed at step "
                                + fig.get("resumedFromStep").intValue() + ")" : "", fig.get("firstLoss"),
                        fig.get("finalLoss"), TimeLeft.duration((System.nanoTime() - t0) / 1_000_000_000L));
            }
        };
    }

    private static Optional<Integer> optPositive(JobSpec spec, JobField f) throws SpecException {
        var v = f.optInteger(spec);
        if (v.isPresent() && v.getAsInt() < 1) {
            throw spec.error(f.name(), "is at least 1");
        }
        return v.isPresent() ? Optional.of(v.getAsInt()) : Optional.empty();
    }

    /** The folder's images in name order. */
    static List<Path> images(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("the images folder " + folder + " does not exist");
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
        }
    }
}
