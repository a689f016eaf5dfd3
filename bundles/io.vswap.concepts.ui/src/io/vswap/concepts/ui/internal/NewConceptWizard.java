package io.vswap.concepts.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptInputException;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ConceptTrainer;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrainingRequest;
import io.vswap.concepts.api.TrainingSettings;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.StudioJob;
import io.vswap.ui.api.StudioServices;

/**
 * New Concept: pictures (with their squares), name and token, preset; Finish starts the training as a
 * {@link TrainConceptJob} and shows the Concept Training view. Whatever the trainer would refuse
 * ({@link ConceptTrainer#check}: too few or unreadable pictures, wildly different sizes, a token the
 * model or another concept has) is said on the page it concerns, off the UI thread, before Finish is
 * enabled.
 */
public final class NewConceptWizard extends Wizard {

    /** Stands in for the token and class word while only the pictures are checked. */
    private static final String PLACEHOLDER_TOKEN = "<vswapcheckonly1>";

    private final ConceptStore store;
    private final ConceptTrainer trainer;
    private final Optional<Path> model;
    private ConceptImagesPage imagesPage;
    private ConceptNamingPage namingPage;
    private ConceptPresetPage presetPage;
    private int generation;
    private boolean checking;
    private String imagesProblem;
    private String problem;
    private TrainingSettings standard;
    private TrainingSettings quick;
    private Double secondsPerStep;
    private TrainConceptJob started;

    public NewConceptWizard() {
        store = StudioServices.require(PlatformUI.getWorkbench(), ConceptStore.class);
        trainer = StudioServices.require(PlatformUI.getWorkbench(), ConceptTrainer.class);
        model = ModelInUse.folder();
        setWindowTitle("New Concept");
        setNeedsProgressMonitor(false);
    }

    /** Opens the wizard (blocking) over {@code shell}. */
    public static void open(Shell shell) {
        new WizardDialog(shell, new NewConceptWizard()).open();
    }

    @Override
    public void addPages() {
        imagesPage = new ConceptImagesPage(this);
        List<ConceptLibrary> writable = store.libraries().stream().filter(l -> !l.readOnly()).toList();
        namingPage = new ConceptNamingPage(this, writable);
        presetPage = new ConceptPresetPage(this);
        addPage(imagesPage);
        addPage(namingPage);
        addPage(presetPage);
    }

    @Override
    public void createPageControls(org.eclipse.swt.widgets.Composite pageContainer) {
        super.createPageControls(pageContainer);
        changed();
    }

    /** Something the check depends on changed: checks again (a job; the latest one's answer counts). */
    void changed() {
        if (presetPage == null || presetPage.getControl() == null || namingPage.getControl() == null) {
            return;
        }
        int gen = ++generation;
        checking = true;
        List<Path> files = imagesPage.images().stream().map(i -> i.file).toList();
        boolean named = namingPage.filled();
        String name = named ? namingPage.name() : "";
        String token = named ? namingPage.token() : PLACEHOLDER_TOKEN;
        String classWord = named ? namingPage.classWord() : "thing";
        Check job = new Check(files, name, token, classWord);
        job.addJobChangeListener(new DoneOnUiThread(getShell(), e -> {
            if (gen != generation) {
                return;
            }
            checking = false;
            imagesProblem = job.imagesProblem;
            problem = named ? job.problem : imagesProblem;
            standard = job.standard;
            quick = job.quick;
            secondsPerStep = job.secondsPerStep;
            show();
        }));
        show();
        job.schedule();
    }

    private void show() {
        imagesPage.showProblem(imagesProblem, checking);
        namingPage.showProblem(problem, checking);
        presetPage.showChecked(problem, checking);
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
            getContainer().updateMessage();
        }
    }

    /** The trainer's check and defaults, off the UI thread. */
    private final class Check extends StudioJob {
        final List<Path> files;
        final String name;
        final String token;
        final String classWord;
        volatile String imagesProblem;
        volatile String problem;
        volatile TrainingSettings standard;
        volatile TrainingSettings quick;
        volatile Double secondsPerStep;

        Check(List<Path> files, String name, String token, String classWord) {
            super("Checking the new concept");
            this.files = files;
            this.name = name;
            this.token = token;
            this.classWord = classWord;
            setSystem(true);
            failuresShownByCaller();
        }

        @Override
        protected void work(IProgressMonitor monitor) throws Exception {
            try {
                checkAll();
            } catch (IOException e) {
                // e.g. a model folder damaged since the start: said on the page, as the trainer's refusals
                imagesProblem = "the request cannot be checked: " + e.getMessage();
                problem = imagesProblem;
            }
        }

        private void checkAll() throws IOException {
            if (model.isEmpty()) {
                imagesProblem = "the sample model is not installed: concepts are trained on it (see the error log)";
                problem = imagesProblem;
                return;
            }
            imagesProblem = problem(request(PLACEHOLDER_TOKEN, "thing"));
            problem = imagesProblem != null ? imagesProblem : problem(request(token, classWord));
            if (imagesProblem == null) {
                standard = trainer.defaults(request(token, classWord), 1);
                quick = trainer.defaults(request(token, classWord), ConceptPresetPage.QUICK_SHARE);
                secondsPerStep = earlierSecondsPerStep();
            }
        }

        private TrainingRequest request(String t, String c) {
            return new TrainingRequest(model.get(), files, name, t, c, "", List.of(),
                    TrainingSettings.mixOfShow(3, 1, 1, 1), Path.of("unused"));
        }

        private String problem(TrainingRequest r) throws IOException {
            try {
                trainer.check(r);
                return null;
            } catch (ConceptInputException e) {
                return e.getMessage();
            }
        }

        /** The median seconds a step of the concepts trained on this model took; null when none was. */
        private Double earlierSecondsPerStep() throws IOException {
            BaseModelId id = ModelInUse.idOf(model.get());
            List<Double> all = new ArrayList<>();
            for (StoredConcept c : store.all()) {
                c.concept().filter(x -> x.baseModel().sameModel(id)).map(x -> x.training().figures().get(
                        "secondsPerStep")).filter(v -> v != null && v > 0).ifPresent(all::add);
            }
            all.sort(null);
            return all.isEmpty() ? null : all.get(all.size() / 2);
        }
    }

    /** The trainer's words as a sentence of the wizard. */
    static String sentence(String words) {
        String s = words.strip();
        s = s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    Integer presetSteps(boolean quickPreset) {
        TrainingSettings s = quickPreset ? quick : standard;
        return s == null ? null : s.steps();
    }

    Double secondsPerStep() {
        return secondsPerStep;
    }

    @Override
    public boolean canFinish() {
        return !checking && !imagesPage.reading() && problem == null && imagesProblem == null && standard != null
                && namingPage.filled() && !imagesPage.images().isEmpty();
    }

    @Override
    public boolean performFinish() {
        ConceptLibrary library = namingPage.library();
        String token = namingPage.token();
        Path work = TrainingRun.workFolder(library, token);
        List<Path> files = new ArrayList<>();
        List<ReferenceImage> images = imagesPage.images();
        try {
            for (int i = 0; i < images.size(); i++) {
                files.add(images.get(i).forTraining(work.resolve("squares"), String.format(Locale.ROOT, "%02d.png",
                        i + 1)));
            }
        } catch (IOException e) {
            presetPage.setErrorMessage("Could not write the chosen squares into " + work + ": " + e.getMessage());
            return false;
        }
        int n = presetPage.steps();
        TrainingSettings preset = presetPage.quick() ? quick : standard;
        // a checkpoint every tenth of the steps (at most 100), whatever the step count chosen
        TrainingSettings settings = n == preset.steps() ? preset
                : preset.withSteps(n).withCheckpointEvery(Math.max(1, Math.min(100, n / 10)));
        TrainingRequest request = new TrainingRequest(model.orElseThrow(), files, namingPage.name(), token,
                namingPage.classWord(), namingPage.description(), namingPage.tags(), settings, work);
        started = new TrainConceptJob(trainer, new TrainingRun(request, library, presetPage.previews())).start();
        showTrainingView();
        return true;
    }

    static void showTrainingView() {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
                : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        if (page != null) {
            try {
                page.showView(ConceptTrainingView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
            } catch (PartInitException e) {
                // the job runs and the Progress view shows it all the same
            }
        }
    }

    // ---- for tests ----

    /** The training Finish started, or null. */
    public Job startedJob() {
        return started;
    }

    /** Whether pictures are being read or the wizard's check runs. */
    public boolean isChecking() {
        return checking || imagesPage.reading();
    }

    public void addImages(List<Path> files) {
        imagesPage.add(files);
    }

    /** Hands files over as a drop from the file manager does. */
    public void dropImages(List<Path> files) {
        imagesPage.dropped(files.stream().map(Path::toString).toArray(String[]::new));
    }

    public void name(String name, String token, String classWord) {
        namingPage.fill(name, token, classWord);
    }

    public void setSteps(int steps) {
        presetPage.setSteps(steps);
    }

    /** The message the current page shows: its error if it has one, else its message. */
    public String message() {
        IWizardPage p = getContainer().getCurrentPage();
        return p.getErrorMessage() != null ? p.getErrorMessage() : p.getMessage();
    }

    /** Drags the square of picture {@code i} to the canvas point ({@code x}, {@code y}). */
    public void dragSquare(int i, int x, int y) {
        imagesPage.select(i);
        imagesPage.crop().dragTo(x, y);
    }

    public boolean squareChosen(int i) {
        return imagesPage.images().get(i).chosen();
    }
}
