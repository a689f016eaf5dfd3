package io.vswap.ui.internal.jobs;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.vswap.ui.api.ProjectSession;
import io.vswap.ui.api.StudioJob;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;

/** Adds a video to the open project as a shot with one clip, through the project store. */
public final class ImportShotJob extends StudioJob {

    private final ProjectSession session;
    private final Project project;
    private final Path video;
    private final String shotName;
    private final String clipName;
    private final ClipSettings settings;
    private volatile Project imported;

    public ImportShotJob(ProjectSession session, Project project, Path video, String shotName, String clipName,
            ClipSettings settings) {
        super("Importing " + video.getFileName());
        this.session = session;
        this.project = project;
        this.video = video;
        this.shotName = shotName;
        this.clipName = clipName;
        this.settings = settings;
        setUser(true);
    }

    /** The saved project holding the new shot last, once the job finished with OK. */
    public Project imported() {
        return imported;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 1);
        imported = session.store().importShot(project, video, shotName, clipName, settings, sub.split(1));
        session.setCurrent(imported);
    }
}
