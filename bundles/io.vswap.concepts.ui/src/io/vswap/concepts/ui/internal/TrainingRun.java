package io.vswap.concepts.ui.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptPreviews;
import io.vswap.concepts.api.PreviewSettings;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingListener;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.files.api.AtomicFile;

/**
 * One concept's training as the workbench follows it: the request (also written to its work folder, so
 * that an interrupted training can be resumed after a restart), the losses and previews so far, and
 * listeners (the Concept Training view). Fed on the job's thread; listeners are told on that thread.
 */
public final class TrainingRun implements TrainingListener {

    /** The request's file in the work folder. */
    static final String REQUEST_FILE = "request.properties";
    /** Where a library keeps its trainings' work folders (as the batch job does). */
    static final String TRAINING_FOLDER = ".training";
    /** The trainer's checkpoint in the work folder (its name in io.vswap.concepts' EdLoraTraining). */
    static final String CHECKPOINT = "checkpoint.safetensors";

    /** What a view follows. */
    public interface Watcher {
        void changed(TrainingRun run);
    }

    /** A preview and the step it was drawn after. */
    public record Preview(int step, BufferedImage image) {
    }

    private final TrainingRequest request;
    private final ConceptLibrary library;
    private final boolean previews;
    private final java.util.TreeMap<Integer, Double> losses = new java.util.TreeMap<>();
    private final List<Preview> shown = new ArrayList<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private volatile int step;
    private volatile OptionalLong secondsLeft = OptionalLong.empty();
    private volatile String state = "waiting to start";
    private volatile StoredConcept result;

    TrainingRun(TrainingRequest request, ConceptLibrary library, boolean previews) {
        this.request = request;
        this.library = library;
        this.previews = previews;
    }

    public TrainingRequest request() {
        return request;
    }

    public ConceptLibrary library() {
        return library;
    }

    public String label() {
        return request.name() + " (" + request.token() + ")";
    }

    @Override
    public void step(int s, int steps, double loss, OptionalLong left) {
        synchronized (this) {
            losses.put(s, loss);
        }
        step = s;
        secondsLeft = left;
        fire();
    }

    @Override
    public int previewEvery(int steps) {
        return previews ? PreviewSettings.everyDuringTraining(steps) : 0;
    }

    @Override
    public void preview(int s, BufferedImage image) {
        synchronized (this) {
            shown.add(new Preview(s, image));
            if (shown.size() > PreviewSettings.PREVIEWS_PER_TRAINING + 1) {
                shown.remove(0);
            }
        }
        fire();
    }

    /** The loss of each step so far, by step; a resumed run's first ones from its checkpoint's curve. */
    public synchronized java.util.SortedMap<Integer, Double> losses() {
        return new java.util.TreeMap<>(losses);
    }

    /**
     * Takes the losses of the steps before the checkpoint in the work folder, which a resumed training
     * does not report again (a checkpoint of other inputs is not resumed, and its steps are replaced).
     */
    void readCheckpointLosses() {
        Path checkpoint = request.workFolder().resolve(CHECKPOINT);
        if (!Files.isRegularFile(checkpoint)) {
            return;
        }
        try (io.vswap.diffusion.api.SafetensorsFile f = io.vswap.diffusion.api.SafetensorsFile.open(checkpoint)) {
            String curve = f.metadata().getOrDefault("losses", "");
            synchronized (this) {
                int i = 1;
                for (String v : curve.isBlank() ? new String[0] : curve.strip().split(" ")) {
                    losses.put(i++, Double.parseDouble(v));
                }
            }
        } catch (IOException | RuntimeException e) {
            // only the chart's start is missing; the training reads the checkpoint itself
        }
    }

    /** The latest previews, oldest first. */
    public synchronized List<Preview> previews() {
        return List.copyOf(shown);
    }

    public int step() {
        return step;
    }

    public int steps() {
        return request.settings().steps();
    }

    public OptionalLong secondsLeft() {
        return secondsLeft;
    }

    /** What the run is doing, in words. */
    public String state() {
        return state;
    }

    void setState(String words) {
        state = words;
        fire();
    }

    void finished(StoredConcept concept) {
        result = concept;
        setState("done: \"" + concept.label() + "\" is in " + concept.library().name());
    }

    /** The concept made, once done. */
    public StoredConcept result() {
        return result;
    }

    public void watch(Watcher w) {
        watchers.add(w);
    }

    public void unwatch(Watcher w) {
        watchers.remove(w);
    }

    private void fire() {
        watchers.forEach(w -> w.changed(this));
    }

    /** The prompt of the previews. */
    public String previewPrompt() {
        return ConceptPreviews.defaultPrompt(request.token());
    }

    // ---- the request on disk, for Resume ----

    /** The work folder for a training of {@code token} into {@code library}. */
    static Path workFolder(ConceptLibrary library, String token) {
        return library.folder().resolve(TRAINING_FOLDER).resolve(token.substring(1, token.length() - 1));
    }

    /** Writes the request beside its checkpoint. */
    void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("model", request.modelFolder().toString());
        p.setProperty("images", String.join("\n", request.images().stream().map(Path::toString).toList()));
        p.setProperty("name", request.name());
        p.setProperty("token", request.token());
        p.setProperty("classWord", request.classWord());
        p.setProperty("description", request.description());
        p.setProperty("tags", String.join("\n", request.tags()));
        p.setProperty("library", library.folder().toString());
        p.setProperty("libraryName", library.name());
        p.setProperty("previews", Boolean.toString(previews));
        request.settings().toMap().forEach((k, v) -> p.setProperty("settings." + k, v));
        StringWriter w = new StringWriter();
        p.store(w, "a concept training of the workbench; the Concept Training view resumes it");
        Files.createDirectories(request.workFolder());
        AtomicFile.writeString(request.workFolder().resolve(REQUEST_FILE), w.toString());
    }

    /** The training whose request is in {@code workFolder}. */
    static TrainingRun load(Path workFolder) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(workFolder.resolve(REQUEST_FILE))) {
            p.load(r);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("settings."))
                .forEach(k -> settings.put(k.substring("settings.".length()), p.getProperty(k)));
        TrainingRequest request = new TrainingRequest(Path.of(p.getProperty("model")), lines(p.getProperty("images"))
                .stream().map(Path::of).toList(), p.getProperty("name"), p.getProperty("token"),
                p.getProperty("classWord"), p.getProperty("description"), lines(p.getProperty("tags")),
                TrainingSettings.fromMap(settings), workFolder);
        ConceptLibrary library = new ConceptLibrary(Path.of(p.getProperty("library")), p.getProperty("libraryName"),
                false);
        return new TrainingRun(request, library, Boolean.parseBoolean(p.getProperty("previews", "true")));
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    /** The trainings left unfinished in {@code library} (a request beside a checkpoint, or none yet). */
    static List<TrainingRun> interrupted(ConceptLibrary library) {
        Path dir = library.folder().resolve(TRAINING_FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<TrainingRun> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path w : s.sorted().toList()) {
                if (Files.isRegularFile(w.resolve(REQUEST_FILE))) {
                    try {
                        out.add(load(w));
                    } catch (IOException | RuntimeException e) {
                        // a damaged request cannot be resumed; it is left for the user to delete
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
