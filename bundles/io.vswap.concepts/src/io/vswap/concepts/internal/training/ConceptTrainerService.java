package io.vswap.concepts.internal.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.AtomicFolder;

/** The {@link ConceptTrainer}: ED-LoRA on the CPU or GPU of the tensor runtime. */
@Component(service = ConceptTrainer.class)
public final class ConceptTrainerService implements ConceptTrainer {

    /** The files a training leaves in its work folder for the store to copy. */
    static final String WEIGHTS = "edlora.safetensors";
    static final String LOSS_CURVE = "loss.csv";
    static final String THUMBNAIL = "thumbnail.png";

    @Reference
    private ConceptStore store;

    @Reference
    private TensorRuntime runtime;

    @Override
    public void check(TrainingRequest request) throws IOException {
        ConceptInputs.check(request, store);
    }

    @Override
    public TrainingSettings defaults(TrainingRequest request, double stepShare) throws IOException {
        double[] scale = ConceptInputs.tokenEmbeddingScale(request.modelFolder());
        return TrainingSettings.mixOfShow(request.images().size(), (int) scale[0], scale[1], stepShare);
    }

    @Override
    public StoredConcept train(TrainingRequest request, ConceptLibrary into, TrainingListener listener,
            IProgressMonitor monitor) throws IOException {
        check(request);
        if (into.readOnly()) {
            throw new IOException("the library \"" + into.name() + "\" is read-only: train into your own library");
        }
        TrainingSettings settings = request.settings();
        SubMonitor sub = SubMonitor.convert(monitor, "Training " + request.token(), settings.steps() + 2);
        BaseModelId base = BaseModelId.of(request.modelFolder());
        List<BufferedImage> originals = ReferenceImages.read(request);
        Path work = request.workFolder();
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        Map<String, String> notes = new LinkedHashMap<>(settings.toMap());
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            runtime.call(() -> {
                notes.put("gradients", runtime.trainingGradients().describe());
                // PyTorch's grad mode is per thread and on in a fresh one (a workbench job's): off, a resume's
                // in-place load into the parameters fails ("a leaf Variable that requires grad…"); steps turn it on
                boolean gradMode = JniUtils.isGradMode();
                JniUtils.setGradMode(false);
                try (NDManager root = runtime.newManager();
                        VideoDiffusionModel model = VideoDiffusionModel.load(
                                VideoDiffusionModel.Layout.of(request.modelFolder()), root)) {
                    sub.worked(1);
                    EdLoraTraining training = EdLoraTraining.create(request, originals, model, base, notes, root);
                    boolean done = training.run(root, work, listener, sub.split(settings.steps()), settings.steps());
                    if (!done) {
                        throw new IllegalStateException("the training stopped before its last step");
                    }
                    figures.put("steps", (double) settings.steps());
                    figures.put("resumedFromStep", (double) training.resumedFrom());
                    figures.put("finalLoss", tailMean(training.losses()));
                    figures.put("firstLoss", headMean(training.losses()));
                    figures.put("skippedSteps", (double) training.skipped());
                    figures.put("embeddingsStoppedAtStep", (double) training.embeddingsStoppedAt());
                    AtomicFile.writeString(work.resolve(LOSS_CURVE), training.lossCsv());
                    training.saveThumbnail(work.resolve(THUMBNAIL));
                    training.saveWeights(work.resolve(WEIGHTS));
                } finally {
                    JniUtils.setGradMode(gradMode);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        figures.put("minutes", minutes);
        figures.put("secondsPerStep", minutes * 60 / Math.max(1, settings.steps() - figures.get("resumedFromStep")));
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < request.images().size(); i++) {
            Path p = request.images().get(i);
            String ext = p.getFileName().toString().replaceAll("^.*\\.", "").toLowerCase(Locale.ROOT);
            String name = String.format(Locale.ROOT, "images/%02d.%s", i + 1, ext.matches("[a-z0-9]{1,5}") ? ext : "img");
            names.add(name);
            files.put(name, p);
        }
        files.put(THUMBNAIL, work.resolve(THUMBNAIL));
        files.put(WEIGHTS, work.resolve(WEIGHTS));
        files.put(LOSS_CURVE, work.resolve(LOSS_CURVE));
        Concept concept = new Concept(request.name(), request.token(), request.classWord(), request.description(),
                request.tags(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), base, names, THUMBNAIL,
                new Weights(WEIGHTS, "0".repeat(64), 0), new Training(notes, figures, LOSS_CURVE), List.of());
        StoredConcept stored = store.add(into, concept, files);
        sub.worked(1);
        AtomicFolder.deleteTree(work); // the concept is in the library: its checkpoint is done with
        return stored;
    }

    /** What a checkpoint must come from to be resumed: model, token, class word, images' bytes, settings. */
    static String fingerprint(TrainingRequest r, BaseModelId base) throws IOException {
        StringBuilder sb = new StringBuilder(base.key()).append('\n').append(r.token()).append('\n')
                .append(r.classWord()).append('\n');
        for (Path p : r.images()) {
            sb.append(BaseModelId.sha256(p)).append('\n');
        }
        new java.util.TreeMap<>(r.settings().toMap()).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static double tailMean(List<Double> l) {
        int n = Math.max(1, l.size() / 10);
        return l.subList(l.size() - n, l.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double headMean(List<Double> l) {
        int n = Math.max(1, l.size() / 10);
        return l.subList(0, n).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
