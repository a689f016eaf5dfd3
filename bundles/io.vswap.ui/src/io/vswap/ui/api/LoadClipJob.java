package io.vswap.ui.api;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

/**
 * Loads what a clip editor shows, off the UI thread: the clip's {@link PreparedFrames}, then what
 * the editor reads with them (its saved points, …).
 *
 * @param <T> what the editor reads with the frames
 */
public final class LoadClipJob<T> extends StudioJob {

    /** The editor's part of the load, run on the job's thread after the frames. */
    @FunctionalInterface
    public interface Reader<T> {

        /** @throws CoreException whose status is the load's result (saved data that no longer fits the clip) */
        T read(PreparedFrames frames) throws Exception;
    }

    /** What was loaded: the clip's frames, and what the reader made of them. */
    public record Loaded<T>(PreparedFrames frames, T data) {
    }

    private final ProjectSession session;
    private final ClipRef ref;
    private final Reader<T> reader;
    private volatile Loaded<T> loaded;

    public LoadClipJob(String name, ProjectSession session, ClipRef ref, Reader<T> reader) {
        super(name);
        this.session = session;
        this.ref = ref;
        this.reader = reader;
    }

    /** What was loaded once the job finished with OK; {@code null} otherwise. */
    public Loaded<T> loaded() {
        return loaded;
    }

    @Override
    protected void work(IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, getName(), 10);
        PreparedFrames clip = PreparedFrames.read(session, ref, sub.split(9));
        T data = reader.read(clip);
        sub.worked(1);
        loaded = new Loaded<>(clip, data);
    }
}
