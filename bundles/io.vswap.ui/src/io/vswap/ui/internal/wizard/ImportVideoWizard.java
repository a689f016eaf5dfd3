package io.vswap.ui.internal.wizard;

import java.nio.file.Path;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.internal.ModelSizes;
import io.vswap.ui.internal.jobs.ImportShotJob;
import io.vswap.ui.internal.jobs.SourcePreview;
import io.vswap.ui.internal.prefs.StudioPreferences;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;

/**
 * Import Video: pick a file and see its probe and first frame, then choose the clip (frame
 * range, size, crop). Finishing schedules the import as a job; the wizard closes at once. The
 * guided New Swap wizard (io.vswap.swap.ui) starts with these two pages and goes on.
 */
public class ImportVideoWizard extends Wizard {

    protected final ProjectSession session;
    private final StudioPreferences preferences;
    private SourcePage sourcePage;
    private ClipPage clipPage;
    private volatile ImportShotJob importJob;

    public ImportVideoWizard(ProjectSession session, StudioPreferences preferences) {
        this.session = session;
        this.preferences = preferences;
        setWindowTitle("Import Video");
        setNeedsProgressMonitor(false);
    }

    @Override
    public void addPages() {
        sourcePage = new SourcePage(session.codecs());
        var model = ModelSizes.installed();
        clipPage = new ClipPage(this, preferences.clipSize(ModelSizes.pair(model)), model, ModelSizes.advisor());
        addPage(sourcePage);
        addPage(clipPage);
    }

    /** The probed source, or {@code null} until the source page has one. */
    public SourcePreview preview() {
        return sourcePage.preview();
    }

    @Override
    public boolean canFinish() {
        return sourcePage.isPageComplete() && clipPage.isPageComplete() && clipPage.settings() != null;
    }

    @Override
    public boolean performFinish() {
        Project project = session.current().orElse(null);
        ClipSettings settings = clipPage.settings();
        if (project == null || settings == null) {
            return false;
        }
        Path video = sourcePage.preview().probe().source();
        ImportShotJob job = new ImportShotJob(session, project, video, clipPage.shotName(), clipPage.clipName(),
                settings);
        importJob = job;
        job.schedule();
        return true;
    }

    /** The import scheduled by finishing, or {@code null}. */
    public Job importJob() {
        return importJob;
    }

    public SourcePage sourcePage() {
        return sourcePage;
    }

    public ClipPage clipPage() {
        return clipPage;
    }
}
