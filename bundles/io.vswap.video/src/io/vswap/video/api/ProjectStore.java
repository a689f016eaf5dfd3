package io.vswap.video.api;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Creates, opens and saves projects, imports shots and prepares clips into the cache. Every
 * file it writes is written atomically (temporary file, fsync, rename): a crash or a full disk
 * never leaves a half-written project file, and what was on disk before stays readable.
 */
public interface ProjectStore {

    /** The project file format this version writes; older ones are migrated on open. */
    int FORMAT_VERSION = 2;

    /**
     * Where projects opened or created from now on keep their caches: {@code null} (the default)
     * for {@code cache/} inside each project, or a folder (a fast local disk, say) that holds one
     * sub-folder per project. A workstation setting, not saved in projects.
     */
    void setCacheRoot(Path root);

    /** The folder set by {@link #setCacheRoot}, or {@code null}. */
    Path cacheRoot();

    /** Creates a new, empty project in {@code folder} (created if needed; must not hold a project). */
    Project create(Path folder, String name) throws IOException;

    /**
     * Opens the project in {@code folder}.
     *
     * @throws ProjectFormatException if the file is damaged or from a newer version
     */
    Project open(Path folder) throws IOException, ProjectFormatException;

    /** Writes the project file and every shot file, atomically each. */
    void save(Project project) throws IOException;

    /**
     * Probes {@code video} with the codec that claims it and adds it to the project as a new
     * shot (with one clip, {@code clipName}, of the given settings, or VideoSwap's defaults at
     * 512×512 when {@code settings} is {@code null}), then saves.
     *
     * @return the saved project, holding the new shot last
     */
    Project importShot(Project project, Path video, String shotName, String clipName, ClipSettings settings,
            IProgressMonitor monitor) throws VideoException, IOException;

    /**
     * Decodes the clip's frames, crops and scales them and writes them losslessly (FFV1/MKV)
     * to {@code cache/<shot>/<clip>/frames.mkv}. Reuses the cached file when the clip's
     * settings and source are unchanged. Cancelling (an
     * {@link org.eclipse.core.runtime.OperationCanceledException}) leaves no partial file.
     *
     * @return the cached file
     */
    Path prepareClip(Project project, Shot shot, Clip clip, IProgressMonitor monitor) throws VideoException, IOException;

    /**
     * Reads a clip's frames (preparing the cache first if needed), all of them into memory: for
     * short clips only (an edit's 16 frames). Long clips go through {@link #openClipFrames}.
     */
    java.util.List<RgbFrame> readClipFrames(Project project, Shot shot, Clip clip, IProgressMonitor monitor)
            throws VideoException, IOException;

    /**
     * Opens a clip's frames for reading one at a time (preparing the cache first if needed, which
     * is what {@code monitor} reports): memory stays at a frame or two, whatever the clip's length.
     * This default reads the whole clip, for a store that cannot stream; ours overrides it.
     */
    default ClipFrames openClipFrames(Project project, Shot shot, Clip clip, IProgressMonitor monitor)
            throws VideoException, IOException {
        java.util.List<RgbFrame> all = readClipFrames(project, shot, clip, monitor);
        java.util.Iterator<RgbFrame> it = all.iterator();
        ClipSettings s = clip.settings();
        return new ClipFrames() {
            @Override
            public int frameCount() {
                return all.size();
            }

            @Override
            public int width() {
                return s.outputWidth();
            }

            @Override
            public int height() {
                return s.outputHeight();
            }

            @Override
            public RgbFrame next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
                // nothing open
            }
        };
    }
}
