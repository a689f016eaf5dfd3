package io.vswap.ui.api;

import java.util.function.BiConsumer;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.WorkbenchException;
import org.eclipse.ui.part.EditorPart;

/**
 * What the editors of one clip (points, swap) share: they open only their own kind of
 * {@link ClipEditorInput}; a notice stands in for the editor while the project session or the
 * editor's own services are missing (a broken install); the clip loads off the UI thread and the
 * load is cancelled when the editor closes; there is no Save As (one file, or none, per clip).
 *
 * @param <S> the editor's own services, found through the site like the project session
 */
public abstract class ClipEditor<S> extends EditorPart {

    private final String kind;
    private final Class<? extends ClipEditorInput> inputType;
    private final Class<S> servicesType;
    private ClipRef ref;
    private ProjectSession session;
    private S services;
    private Composite stack;
    private Label notice;
    private volatile Job loadJob;

    /**
     * @param kind the editor's name in a message ("point editor")
     * @param inputType the input it opens
     * @param servicesType its own services
     */
    protected ClipEditor(String kind, Class<? extends ClipEditorInput> inputType, Class<S> servicesType) {
        this.kind = kind;
        this.inputType = inputType;
        this.servicesType = servicesType;
    }

    /** As {@link #openInPerspective(IWorkbenchWindow, String, IEditorInput, String)}: kept for bundles built against 0.3.0. */
    public static IEditorPart openInPerspective(IWorkbenchWindow window, String perspective, ClipEditorInput input,
            String editorId) throws WorkbenchException {
        return openInPerspective(window, perspective, (IEditorInput) input, editorId);
    }

    /**
     * Shows {@code perspective} (unless it is showing) and, in it, the editor {@code editorId} of
     * {@code input}: the one already open on that input, if any.
     */
    public static IEditorPart openInPerspective(IWorkbenchWindow window, String perspective, IEditorInput input,
            String editorId) throws WorkbenchException {
        IWorkbenchPage page = window.getActivePage();
        if (!perspective.equals(page.getPerspective().getId())) {
            window.getWorkbench().showPerspective(perspective, window);
            page = window.getActivePage();
        }
        return page.openEditor(input, editorId);
    }

    /** The editor's title for its clip. */
    protected abstract String partName(ClipRef clip);

    /** What to tell the user when the editor's services are missing. */
    protected abstract String servicesMissing();

    /** Builds the editor in {@code stack} (its notice shows until {@link #show}), with the services there. */
    protected abstract void createContents(Composite stack);

    /** The control that takes the focus once the editor is built, or {@code null}. */
    protected abstract Control focusControl();

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!inputType.isInstance(input)) {
            throw new PartInitException("The " + kind + " opens clips, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        ref = ((ClipEditorInput) input).clip();
        setPartName(partName(ref));
        setTitleToolTip(input.getToolTipText());
    }

    @Override
    public final void createPartControl(Composite parent) {
        session = getSite().getService(ProjectSession.class);
        services = getSite().getService(servicesType);
        stack = new Composite(parent, SWT.NONE);
        StackLayout layout = new StackLayout();
        stack.setLayout(layout);
        notice = new Label(stack, SWT.WRAP | SWT.CENTER);
        layout.topControl = notice;
        if (session == null || services == null) {
            notice.setText(session == null ? StudioServices.unavailable(ProjectSession.class) : servicesMissing());
            return;
        }
        createContents(stack);
    }

    /** Shows {@code text} in place of the editor. */
    protected final void notice(String text) {
        notice.setText(text);
        stack.layout();
    }

    /** Shows the built editor (a child of the stack) in place of the notice. */
    protected final void show(Control editor) {
        ((StackLayout) stack.getLayout()).topControl = editor;
        stack.layout(true, true);
    }

    /**
     * Schedules the clip's load; {@code loaded} gets its result and, when OK, what it loaded, on the
     * UI thread and only while the editor is open.
     */
    protected final <T> void load(LoadClipJob<T> job, BiConsumer<IStatus, LoadClipJob.Loaded<T>> loaded) {
        loadJob = job;
        job.addJobChangeListener(new DoneOnUiThread(stack, event -> loaded.accept(event.getResult(), job.loaded())));
        job.schedule();
    }

    @Override
    public void doSaveAs() {
        // one file, or none, per clip: nothing to choose
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void setFocus() {
        Control focus = focusControl();
        if (focus != null && !focus.isDisposed()) {
            focus.setFocus();
        } else if (stack != null) {
            stack.setFocus();
        }
    }

    @Override
    public void dispose() {
        Job load = loadJob;
        if (load != null) {
            load.cancel();
        }
        super.dispose();
    }

    protected final ProjectSession session() {
        return session;
    }

    protected final S services() {
        return services;
    }

    public ClipRef clip() {
        return ref;
    }

    public Job loadJob() {
        return loadJob;
    }
}
