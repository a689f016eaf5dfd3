package io.vswap.video.api;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vswap.files.api.AtomicFile;

/**
 * The files of one render (videos, sheet, record) published together: each is written whole under
 * a staging name ({@link #stage}), then all are moved into place as one unit under the project's
 * lock ({@link #publish}, an {@link AtomicFileSet}). Closed unpublished (a failure, a cancel), it
 * deletes what it staged and the previous render stays as it was.
 *
 * <pre>
 * try (RenderSet out = RenderSet.in(project)) {
 *     codecs.writeVideo(out.stage(stem + ".mkv"), VideoFormat.FFV1_MKV, frames, fps, null);
 *     AtomicFile.writeString(out.stage(stem + ".json"), record);
 *     out.publish();
 * }
 * </pre>
 */
public final class RenderSet implements AutoCloseable {

    private final AtomicFileSet files;
    private final Path projectFolder;
    private boolean published;

    private RenderSet(Path folder, Path projectFolder) throws IOException {
        Files.createDirectories(folder);
        this.files = AtomicFileSet.in(folder);
        this.projectFolder = projectFolder;
    }

    /** A render into {@code project}'s {@code renders/} folder. */
    public static RenderSet in(Project project) throws IOException {
        return new RenderSet(project.rendersFolder(), project.folder());
    }

    /**
     * A render into {@code folder}, published under {@code project}'s lock when the folder is
     * inside it, else (a user's export folder) without a lock.
     */
    public static RenderSet in(Path folder, Project project) throws IOException {
        Path f = folder.toAbsolutePath().normalize();
        Path root = project.folder().toAbsolutePath().normalize();
        return new RenderSet(f, f.startsWith(root) ? root : null);
    }

    /**
     * Makes sure the project's {@code renders/} folder exists and can be written, so that a job
     * refuses at its start, not after its work, when the render could not be saved.
     *
     * @throws IOException saying what is in the way: a file of that name, a read-only disk, permissions
     */
    public static void requireWritable(Project project) throws IOException {
        Path folder = project.rendersFolder();
        Files.createDirectories(folder); // a file in the way: FileAlreadyExistsException naming it
        if (!Files.isWritable(folder)) {
            if (onReadOnlyDisk(folder)) {
                throw new FileSystemException(folder.toString(), null, "Read-only file system");
            }
            throw new AccessDeniedException(folder.toString());
        }
    }

    /** Whether {@code folder} lies on a file system mounted read-only (where even root cannot write). */
    public static boolean onReadOnlyDisk(Path folder) {
        try {
            return Files.getFileStore(folder).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    /** Where to write {@code name}'s new contents (a plain file name in the render's folder). */
    public Path stage(String name) {
        return files.stage(name);
    }

    /** Moves every staged file into place as one unit. */
    public void publish() throws IOException {
        if (projectFolder == null) {
            files.publish();
        } else {
            try (ProjectLock lock = ProjectLock.acquire(projectFolder, ProjectLock.DEFAULT_WAIT)) {
                files.publish();
            }
        }
        published = true;
    }

    /** Deletes the staged files unless published. */
    @Override
    public void close() {
        if (!published) {
            files.discard();
        }
    }
}
