package io.vswap.ui.internal.wizard;

import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import io.vswap.ui.internal.ModelSizes;
import io.vswap.ui.internal.jobs.SourcePreview;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.ClipSizeAdvisor;
import io.vswap.video.api.ClipSizeAdvisor.ModelSize;
import io.vswap.video.api.ClipSizeAdvisor.SizeAdvice;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.SizePreset;
import io.vswap.video.api.VideoException;
import io.vswap.video.api.VideoProbe;

/**
 * Second page: which frames the clip takes, its output size and its crop. The crop follows the
 * output aspect (centred) until the user edits it; then it is kept. The size offered first is
 * the installed model's own; for the size chosen, what a swap would cost on this machine is
 * measured in the background and shown under it, and a size the model was not made for, or one
 * that would take long or not fit, is flagged before anything is imported.
 */
public class ClipPage extends WizardPage {

    private final ImportVideoWizard wizard;
    private final int[] defaultSize;
    private final Optional<ModelSize> model;
    private final ClipSizeAdvisor advisor;
    /** Combo entries before the presets: 1 when the model's own size is offered first. */
    private final int offset;
    private Job estimate;
    /** The size and frame count last estimated, "WxHxF". */
    private String estimated;
    private Label estimateLine;
    private String warning;
    private SourcePreview shownFor;
    private boolean updating;
    private boolean userCrop;

    private Text shotName, clipName;
    private Spinner start, count, stride;
    private Label rangeInfo;
    private Combo preset;
    private Spinner width, height;
    private Spinner cropX, cropY, cropW, cropH;
    private Button centre;
    private FramePreview preview;

    ClipPage(ImportVideoWizard wizard, int[] defaultSize, Optional<ModelSize> model, ClipSizeAdvisor advisor) {
        super("clip", "Clip", null);
        this.wizard = wizard;
        this.defaultSize = defaultSize;
        this.model = model;
        this.advisor = advisor;
        this.offset = model.isPresent() ? 1 : 0;
        setDescription("Choose the frames, size and crop of the clip.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        initializeDialogUnits(page);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        Composite left = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(left);
        GridDataFactory.fillDefaults().grab(false, true).applyTo(left);

        Composite names = group(left, "Names", 2);
        shotName = labelledText(names, "&Shot:");
        clipName = labelledText(names, "C&lip:");

        Composite range = group(left, "Frames", 2);
        start = labelledSpinner(range, "S&tart frame:", 0, 1_000_000, 1);
        count = labelledSpinner(range, "Frame &count:", 1, 10_000, 1);
        stride = labelledSpinner(range, "St&ride:", 1, 1_000, 1);
        rangeInfo = new Label(range, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).hint(260, SWT.DEFAULT).applyTo(rangeInfo);

        Composite sizeGroup = group(left, "Output size", 2);
        new Label(sizeGroup, SWT.NONE).setText("&Preset:");
        preset = new Combo(sizeGroup, SWT.READ_ONLY);
        if (model.isPresent()) {
            preset.add(ModelSizes.label(model));
        }
        for (SizePreset p : SizePreset.values()) {
            preset.add(p.label());
        }
        GridDataFactory.fillDefaults().grab(true, false).applyTo(preset);
        preset.addListener(SWT.Selection, e -> presetChosen());
        width = labelledSpinner(sizeGroup, "&Width:", 8, 4096, 8);
        height = labelledSpinner(sizeGroup, "&Height:", 8, 4096, 8);
        estimateLine = new Label(sizeGroup, SWT.WRAP);
        // two lines kept for it from the start: the estimate arrives later and must not need a new layout
        GridDataFactory.fillDefaults().span(2, 1).hint(260, convertHeightInCharsToPixels(2)).applyTo(estimateLine);

        Composite cropGroup = group(left, "Crop (source pixels)", 4);
        cropX = labelledSpinner(cropGroup, "&x:", 0, 100_000, 1);
        cropY = labelledSpinner(cropGroup, "&y:", 0, 100_000, 1);
        cropW = labelledSpinner(cropGroup, "w:", 1, 100_000, 1);
        cropH = labelledSpinner(cropGroup, "h:", 1, 100_000, 1);
        centre = new Button(cropGroup, SWT.PUSH);
        centre.setText("C&entre");
        centre.setToolTipText("The largest centred crop with the output's aspect ratio");
        GridDataFactory.swtDefaults().span(4, 1).applyTo(centre);
        centre.addListener(SWT.Selection, e -> {
            userCrop = false;
            update();
        });

        preview = new FramePreview(page);
        GridDataFactory.fillDefaults().grab(true, true).hint(360, 270).applyTo(preview.control());

        for (Spinner s : new Spinner[] { start, count, stride, width, height }) {
            s.addModifyListener(e -> update());
        }
        for (Spinner s : new Spinner[] { cropX, cropY, cropW, cropH }) {
            s.addModifyListener(e -> {
                if (!updating) {
                    userCrop = true; // an edited crop is kept when the size changes
                }
                update();
            });
        }
        shotName.addModifyListener(e -> update());
        clipName.addModifyListener(e -> update());
        setControl(page);
    }

    private static Composite group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
    }

    private static Text labelledText(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(t);
        return t;
    }

    private static Spinner labelledSpinner(Composite parent, String label, int min, int max, int increment) {
        new Label(parent, SWT.NONE).setText(label);
        Spinner s = new Spinner(parent, SWT.BORDER);
        s.setValues(min, min, max, 0, increment, increment * 10);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(s);
        return s;
    }

    @Override
    public void setVisible(boolean visible) {
        if (visible && wizard.preview() != shownFor) {
            initialise(wizard.preview());
        }
        super.setVisible(visible);
    }

    /** Fills the page with VideoSwap's defaults for a newly probed source. */
    private void initialise(SourcePreview source) {
        shownFor = source;
        VideoProbe probe = source.probe();
        ClipSettings defaults = ClipSettings.defaults(probe, defaultSize[0], defaultSize[1]);
        updating = true;
        try {
            String file = probe.source().getFileName().toString();
            int dot = file.lastIndexOf('.');
            shotName.setText(dot > 0 ? file.substring(0, dot) : file);
            clipName.setText("clip1");
            start.setMaximum(Math.max(0, probe.frameCount() - 1));
            count.setMaximum(Math.max(1, probe.frameCount()));
            start.setSelection(defaults.startFrame());
            count.setSelection(defaults.frameCount());
            stride.setSelection(defaults.stride());
            preset.select(indexOf(defaults.outputWidth(), defaults.outputHeight()));
            width.setSelection(defaults.outputWidth());
            height.setSelection(defaults.outputHeight());
            userCrop = false;
            showCrop(defaults.crop());
        } finally {
            updating = false;
        }
        preview.setFrame(source.firstFrame());
        update();
    }

    private void presetChosen() {
        int[] size = sizeAt(preset.getSelectionIndex());
        if (size != null) {
            updating = true;
            try {
                width.setSelection(size[0]);
                height.setSelection(size[1]);
            } finally {
                updating = false;
            }
        }
        update();
    }

    /** The size of the combo's entry {@code index}, or null for Custom. */
    private int[] sizeAt(int index) {
        if (index < offset) {
            return new int[] { model.get().width(), model.get().height() };
        }
        SizePreset p = SizePreset.values()[index - offset];
        return p == SizePreset.CUSTOM ? null : new int[] { p.width(), p.height() };
    }

    /** The entry of that size: the model's own first, else a preset's, else Custom. */
    private int indexOf(int w, int h) {
        if (model.isPresent() && model.get().width() == w && model.get().height() == h) {
            return 0;
        }
        return SizePreset.of(w, h).ordinal() + offset;
    }

    /** Selects a preset's entry, as the user would. */
    public void select(SizePreset p) {
        preset.select(p.ordinal() + offset);
        presetChosen();
    }

    /** Re-centres an automatic crop, validates, and shows what the clip takes. */
    private void update() {
        if (updating || shownFor == null) {
            return;
        }
        VideoProbe probe = shownFor.probe();
        int[] chosen = sizeAt(preset.getSelectionIndex());
        boolean custom = chosen == null;
        width.setEnabled(custom);
        height.setEnabled(custom);
        if (!custom && (width.getSelection() != chosen[0] || height.getSelection() != chosen[1])) {
            preset.select(indexOf(width.getSelection(), height.getSelection()));
        }
        if (!userCrop && width.getSelection() > 0 && height.getSelection() > 0) {
            updating = true;
            try {
                showCrop(CropRect.centered(probe.width(), probe.height(), width.getSelection(),
                        height.getSelection()));
            } finally {
                updating = false;
            }
        }
        preview.setCrop(crop());
        String problem = validate(probe);
        setErrorMessage(problem);
        setPageComplete(problem == null);
        if (problem == null) {
            estimate(width.getSelection(), height.getSelection(), count.getSelection());
        }
    }

    /** Measures what a swap at this size would cost, in the background; the last request wins. */
    private void estimate(int w, int h, int frames) {
        String key = w + "x" + h + "x" + frames;
        if (advisor == null || key.equals(estimated)) {
            return; // nothing new to estimate (a name was edited)
        }
        estimated = key;
        if (estimate != null) {
            estimate.cancel();
        }
        warning = null;
        setMessage(null);
        estimateLine.setText("Estimating a swap at " + w + " × " + h + " on this machine…");
        Job job = Job.create("Estimating a swap at " + w + " × " + h, (IProgressMonitor monitor) -> {
            SizeAdvice advice;
            String failed = null;
            try {
                advice = advisor.advise(w, h, frames, monitor);
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            } catch (Exception e) {
                advice = null;
                failed = "No estimate: " + e.getMessage();
            }
            SizeAdvice a = advice;
            String f = failed;
            if (!monitor.isCanceled() && !estimateLine.isDisposed()) {
                estimateLine.getDisplay().asyncExec(() -> shown(a, f, w, h, frames));
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        estimate = job;
        job.schedule(300); // typing a size: measure the last one
    }

    private void shown(SizeAdvice a, String failed, int w, int h, int frames) {
        if (estimateLine.isDisposed() || width.getSelection() != w || height.getSelection() != h
                || count.getSelection() != frames) {
            return; // a newer estimate is coming
        }
        estimateLine.setText(a == null ? failed
                : "A swap of " + frames + " frames on this machine: " + a.summary());
        estimateLine.setToolTipText(a == null ? null : "Estimated for " + a.method() + ": one pass of the model "
                + "timed at this size on this machine, times the passes a swap runs; memory: the weights and the "
                + "largest stage's activations");
        warning = a == null ? null : a.warning();
        if (getErrorMessage() == null) {
            setMessage(warning, IMessageProvider.WARNING);
        }
    }

    /** The last estimate's warning, in words, or null. */
    public String warning() {
        return warning;
    }

    /** The estimate under the size, as shown. */
    public Label estimateLine() {
        return estimateLine;
    }

    @Override
    public void dispose() {
        if (estimate != null) {
            estimate.cancel();
        }
        super.dispose();
    }

    private String validate(VideoProbe probe) {
        if (shotName.getText().isBlank() || clipName.getText().isBlank()) {
            return "The shot and the clip need names.";
        }
        if (width.getSelection() % 8 != 0 || height.getSelection() % 8 != 0) {
            return "Output width and height must be multiples of 8 (the latent is 1/8 of the frame).";
        }
        try {
            ClipSettings s = build();
            rangeInfo.setText(String.format("Takes source frames %d–%d of %d (0–%d).", s.startFrame(),
                    s.lastSourceFrame(), probe.frameCount(), probe.frameCount() - 1));
            s.checkAgainst(probe);
            return null;
        } catch (VideoException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private ClipSettings build() {
        return new ClipSettings(start.getSelection(), count.getSelection(), stride.getSelection(), crop(), userCrop,
                width.getSelection(), height.getSelection());
    }

    private CropRect crop() {
        return new CropRect(cropX.getSelection(), cropY.getSelection(), Math.max(1, cropW.getSelection()),
                Math.max(1, cropH.getSelection()));
    }

    private void showCrop(CropRect c) {
        cropX.setSelection(c.x());
        cropY.setSelection(c.y());
        cropW.setSelection(c.width());
        cropH.setSelection(c.height());
    }

    /** The clip as chosen, or {@code null} while the page shows an error. */
    public ClipSettings settings() {
        if (shownFor == null || getErrorMessage() != null) {
            return null;
        }
        try {
            return build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String shotName() {
        return shotName.getText().trim();
    }

    public String clipName() {
        return clipName.getText().trim();
    }

    public Spinner start() {
        return start;
    }

    public Spinner count() {
        return count;
    }

    public Spinner stride() {
        return stride;
    }

    public Combo preset() {
        return preset;
    }

    public Spinner[] crop4() {
        return new Spinner[] { cropX, cropY, cropW, cropH };
    }

    public Button centreButton() {
        return centre;
    }
}
