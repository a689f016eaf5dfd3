package io.vswap.points.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/**
 * Saves and loads a clip's point set as versioned JSON in its shot folder,
 * {@code <project>/shots/<shot>/points-<clip>.json}. Saves are atomic (a crash leaves the
 * previous file); a file from a newer version is refused, not guessed at.
 */
public interface PointSetStore {

    /**
     * The newest file format this version writes and reads. Format 2 adds hidden marks; a file
     * is written in the oldest format that holds it (1 when no point has hidden marks), and
     * files of every format up to this one are read.
     */
    int FORMAT_VERSION = 2;

    /** Where the point set of {@code clipName} in {@code shot} lives. */
    Path file(Project project, Shot shot, String clipName);

    /** The clip's point set, or empty when none was saved yet. */
    Optional<PointSet> load(Project project, Shot shot, String clipName) throws IOException, PointSetFormatException;

    /** Writes the clip's point set atomically; returns the file. */
    Path save(Project project, Shot shot, PointSet points) throws IOException;

    /** Reads a point-set file. */
    PointSet read(Path file) throws IOException, PointSetFormatException;

    /** Writes a point-set file atomically. */
    void write(Path file, PointSet points) throws IOException;
}
