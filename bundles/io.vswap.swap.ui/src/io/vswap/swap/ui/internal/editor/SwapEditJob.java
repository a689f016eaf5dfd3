package io.vswap.swap.ui.internal.editor;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;
import io.vswap.swap.api.ObservableEditJob;
import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.ui.api.StudioJob;
import io.vswap.ui.api.StudioJobs;

/**
 * One preprocessing or edit, run as the {@code swap} batch job with the fields the editor built:
 * the same parse, checks, files and record as {@code vswap batch}, progress and cancel through
 * this Eclipse job.
 */
public final class SwapEditJob extends StudioJob {

    private final BatchJobType type;
    private final String spec;
    private final Path base;
    private final String editName;
    private volatile String summary;
    private final JobWatch watch = new JobWatch();

    SwapEditJob(String name, BatchJobType type, String spec, Path base, String editName) {
        super(name);
        this.type = type;
        this.spec = spec;
        this.base = base;
        this.editName = editName;
        setPriority(LONG);
        failuresShownByCaller(); // in the editor's message area
    }

    /** The job's fields as JSON. */
    public String spec() {
        return spec;
    }

    /** The edit's name (the render stem's last part), or {@code null} for a preprocessing. */
    public String editName() {
        return editName;
    }

    /** What the editor's live panel shows of this job. */
    JobWatch watch() {
        return watch;
    }

    /** The job's one-line summary once it finished OK. */
    public String summary() {
        return summary;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        BatchJob job = type.parse(JobSpecs.fromJson(spec, base));
        if (job instanceof ObservableEditJob observable) {
            observable.observe(watch); // loss curve and previews for the editor's live panel
        }
        summary = job.run(watch.wrap(monitor));
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            return super.run(monitor);
        } catch (LinkageError e) { // a method's natives that do not load: said in the editor too
            return StudioJobs.statusOf(e);
        }
    }

    @Override
    protected IStatus failure(Exception e) {
        if (e instanceof SpecException) {
            return new Status(IStatus.ERROR, SwapUiIds.PLUGIN_ID, e.getMessage(), e);
        }
        if (e instanceof NoSuchFileException) { // its message is the bare path
            return new Status(IStatus.ERROR, SwapUiIds.PLUGIN_ID, "no such file or folder: " + e.getMessage(), e);
        }
        return super.failure(e);
    }
}
