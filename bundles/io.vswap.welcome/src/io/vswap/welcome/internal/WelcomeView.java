package io.vswap.welcome.internal;

import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.RowLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import io.vswap.ui.api.StudioServices;
import io.vswap.welcome.internal.sample.SampleProject;

/**
 * The welcome and getting-started page: what the studio does, Open the Sample Project, and the
 * steps of a first swap, each with a button that runs its command (the same commands as the
 * menus, so a studio's bundles that replace a handler are followed). An SWT page, not HTML: the
 * workstation needs no browser engine.
 */
public class WelcomeView extends ViewPart {

    /** The widest the text runs, so lines stay readable on a wide screen. */
    private static final int MAX_WIDTH = 860;

    /** A step of the first swap: what to do, and the commands that do it (none: done in the Swap editor). */
    record Step(String text, List<String> commands) {
    }

    static final List<Step> STEPS = List.of(
            new Step("Make a project and import a video into it at the model's size: the Import Video wizard offers "
                    + "the model's own size first (64\u00a0×\u00a064 for the built-in sample model) and says what a swap "
                    + "would cost.", List.of(WelcomeIds.CMD_NEW_PROJECT, WelcomeIds.CMD_OPEN_PROJECT,
                            WelcomeIds.CMD_IMPORT_VIDEO)),
            new Step("Place named points on the subject's parts on a keyframe, in the point editor.",
                    List.of(WelcomeIds.CMD_EDIT_POINTS)),
            new Step("Track them through the clip; correct any frame where a point slips.",
                    List.of(WelcomeIds.CMD_TRACK_POINTS)),
            new Step("Open the clip in the Swap editor: the source prompt, the subject word and the target.",
                    List.of(WelcomeIds.CMD_SWAP_SUBJECT)),
            new Step("Choose a quality preset: Draft for a quick look, Standard, or Final.", List.of()),
            new Step("Run Edit: the stage, a bar and the time left show below the buttons; Cancel leaves no render.",
                    List.of()),
            new Step("Compare the result with the source, side by side or as an A/B wipe; the history keeps every "
                    + "edit with its settings.", List.of()));

    private ScrolledComposite scrolled;
    private Composite page;
    private Label message;
    private Button sample;
    private Button showAtStart;
    private Font bold;
    private Font big;
    private StepCommands commands;
    private final WelcomePreferences preferences = new WelcomePreferences();
    private final IJobChangeListener sampleJobs = new JobChangeAdapter() {
        @Override
        public void done(IJobChangeEvent event) {
            if (event.getJob() instanceof OpenSampleProjectJob job) {
                String said = said(job, event.getResult());
                page.getDisplay().asyncExec(() -> say(said));
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        preferences.setShown(true);
        commands = new StepCommands(getSite().getWorkbenchWindow(), StudioServices.session(), this::say);
        bold = derived(JFaceResources.getDialogFont(), SWT.BOLD, 0);
        big = derived(JFaceResources.getDialogFont(), SWT.BOLD, 2);
        scrolled = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        scrolled.setExpandHorizontal(true);
        scrolled.setExpandVertical(true);
        page = new Composite(scrolled, SWT.NONE);
        scrolled.setContent(page);
        GridLayoutFactory.fillDefaults().margins(24, 18).spacing(8, 10).applyTo(page);

        Label title = new Label(page, SWT.NONE);
        title.setText("Welcome to VideoSwap Studio");
        title.setFont(JFaceResources.getHeaderFont());
        wrapped(page, "VideoSwap Studio replaces the subject of a video shot with another one — a word the model "
                + "knows, or a concept learned from a few pictures — that follows the old subject's motion while the "
                + "background stays the source's.\nA few named points on the subject, tracked through the clip, tell "
                + "the model where each part goes (VideoSwap, Gu et al. 2023).", 0);

        Composite tryIt = new Composite(page, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).indent(0, 6).applyTo(tryIt);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(16, 0).applyTo(tryIt);
        sample = new Button(tryIt, SWT.PUSH);
        sample.setText("Open the Sample Project");
        sample.setFont(big);
        Point natural = sample.computeSize(SWT.DEFAULT, SWT.DEFAULT);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(natural.x + 40, natural.y + 20)
                .applyTo(sample);
        sample.addListener(SWT.Selection, e -> commands.run(WelcomeIds.CMD_OPEN_SAMPLE));
        Label about = wrapped(tryIt, "A red star moving over grey stripes, 16 frames at the sample model's own 64\u00a0×\u00a064, "
                + "its five tips already placed and tracked. Made in " + SampleProject.defaultParent()
                        .resolve(SampleProject.FOLDER_NAME)
                + " the first time; then Swap Subject… and Run Edit.", 0);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(about);

        message = wrapped(page, "", 0);
        message.setForeground(page.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
        showMessageLine(false);

        Label steps = new Label(page, SWT.NONE);
        steps.setText("A first swap, step by step");
        steps.setFont(bold);
        GridDataFactory.swtDefaults().indent(0, 4).applyTo(steps);
        Composite list = new Composite(page, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(list);
        GridLayoutFactory.fillDefaults().numColumns(3).spacing(12, 10).applyTo(list);
        int n = 1;
        for (Step step : STEPS) {
            addStep(list, n++, step);
        }

        showAtStart = new Button(page, SWT.CHECK);
        showAtStart.setText("Show at every start");
        showAtStart.setSelection(preferences.showAtStart());
        showAtStart.addListener(SWT.Selection, e -> preferences.setShowAtStart(showAtStart.getSelection()));
        GridDataFactory.swtDefaults().indent(0, 8).applyTo(showAtStart);

        scrolled.addListener(SWT.Resize, e -> fitWidth());
        fitWidth();
        Job.getJobManager().addJobChangeListener(sampleJobs);
    }

    private void addStep(Composite list, int number, Step step) {
        Label n = new Label(list, SWT.NONE);
        n.setText(number + ".");
        n.setFont(bold);
        GridDataFactory.swtDefaults().align(SWT.END, SWT.BEGINNING).applyTo(n);
        Label text = wrapped(list, step.text(), 0);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.BEGINNING).applyTo(text);
        Composite buttons = new Composite(list, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(6).wrap(false).applyTo(buttons);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(buttons);
        if (step.commands().isEmpty()) {
            Label where = new Label(buttons, SWT.NONE);
            where.setText("in the Swap editor");
            where.setForeground(list.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        }
        for (String id : step.commands()) {
            Button b = new Button(buttons, SWT.PUSH);
            b.setText(commands.name(id).orElse(id));
            b.setData(WelcomeIds.PLUGIN_ID + ".command", id);
            b.setEnabled(commands.name(id).isPresent());
            b.addListener(SWT.Selection, e -> commands.run(id));
        }
    }

    private static Label wrapped(Composite parent, String text, int indent) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        GridDataFactory.fillDefaults().grab(true, false).indent(indent, 0).applyTo(l);
        return l;
    }

    /**
     * Sizes the page for the view's width (at most {@link #MAX_WIDTH}): text wraps, the page scrolls
     * down. A vertical bar that will show takes its width first (it does not resize the view).
     */
    private void fitWidth() {
        Rectangle area = scrolled.getClientArea();
        int bar = scrolled.getVerticalBar().isVisible() ? 0 : scrolled.getVerticalBar().getSize().x;
        int width = Math.max(1, Math.min(area.width, MAX_WIDTH));
        Point size = page.computeSize(width, SWT.DEFAULT);
        if (size.y > area.height && bar > 0 && area.width - bar < MAX_WIDTH) {
            width = Math.max(1, area.width - bar);
            size = page.computeSize(width, SWT.DEFAULT);
        }
        scrolled.setMinSize(width, size.y);
    }

    /** A line on the page under the sample button: how Open the Sample Project ended, or a step's hint. */
    void say(String text) {
        if (message.isDisposed()) {
            return;
        }
        message.setText(text);
        showMessageLine(!text.isEmpty());
        page.layout(true, true);
        fitWidth();
    }

    /** An empty message line takes no room. */
    private void showMessageLine(boolean show) {
        message.setVisible(show);
        ((GridData) message.getLayoutData()).exclude = !show;
    }

    private static String said(OpenSampleProjectJob job, IStatus result) {
        if (result.getSeverity() == IStatus.CANCEL) {
            return "Opening the sample project was cancelled; nothing was left half-made.";
        }
        if (!result.isOK()) {
            return result.getMessage();
        }
        return job.outcome().map(o -> (o.created() ? "Made and opened " : "Opened ") + o.folder()
                + ". Its clip is selected in the Project Explorer: Swap Subject… (Swap menu) is the next step.")
                .orElse("");
    }

    private Font derived(Font font, int style, int larger) {
        FontData[] data = font.getFontData();
        for (FontData d : data) {
            d.setStyle(style);
            d.setHeight(d.getHeight() + larger);
        }
        return new Font(font.getDevice(), data);
    }

    /** The line that says how Open the Sample Project ended, or why a step could not run. */
    public Label message() {
        return message;
    }

    public Button sampleButton() {
        return sample;
    }

    public Button showAtStartBox() {
        return showAtStart;
    }

    /** The page's content (inside its scrolled area). */
    public Composite page() {
        return page;
    }

    /** The scrolled area the page is in. */
    public ScrolledComposite scrolledArea() {
        return scrolled;
    }

    @Override
    public void setFocus() {
        sample.setFocus();
    }

    @Override
    public void dispose() {
        Job.getJobManager().removeJobChangeListener(sampleJobs);
        if (bold != null) {
            bold.dispose();
            big.dispose();
        }
        super.dispose();
    }
}
