package io.vswap.swap.ui.internal.editor;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;
import io.vswap.swap.ui.internal.SwapUiIds;
import io.vswap.ui.api.StudioJobs;

/**
 * One preprocessing or edit, run as the {@code swap} batch job with the fields the editor built:
 * the same parse, checks, files and record as {@code vswap batch}, progress and cancel through
 * this Eclipse job.
 */
public final class SwapEditJob extends Job {

    private final BatchJobType type;
    private final String spec;
    private final Path base;
    private final String editName;
    private volatile String summary;

    SwapEditJob(String name, BatchJobType type, String spec, Path base, String editName) {
        super(name);
        this.type = type;
        this.spec = spec;
        this.base = base;
        this.editName = editName;
        setPriority(LONG);
        // the editor shows failures in its message area; the workbench logs them without a second dialog
        setProperty(org.eclipse.ui.progress.IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    /** The job's fields as JSON. */
    public String spec() {
        return spec;
    }

    /** The edit's name (the render stem's last part), or {@code null} for a preprocessing. */
    public String editName() {
        return editName;
    }

    /** The job's one-line summary once it finished OK. */
    public String summary() {
        return summary;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            BatchJob job = type.parse(JobSpecs.fromJson(spec, base));
            summary = job.run(monitor);
            return Status.OK_STATUS;
        } catch (SpecException e) {
            return new Status(IStatus.ERROR, SwapUiIds.PLUGIN_ID, e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            // its message is the bare path
            return new Status(IStatus.ERROR, SwapUiIds.PLUGIN_ID, "no such file or folder: " + e.getMessage(), e);
        } catch (Exception | LinkageError e) {
            return StudioJobs.statusOf(e);
        }
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == StudioJobs.FAMILY;
    }
}
