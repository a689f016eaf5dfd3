package io.vswap.install.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where features are installed: the running product itself (its own p2 profile, as
 * {@code vswap p2} without {@code -destination} does), or another installed product in a folder
 * (as {@code vswap p2 -destination FOLDER} does).
 */
public final class Installation {

    private static final Installation RUNNING = new Installation(null);

    private final Path folder;

    private Installation(Path folder) {
        this.folder = folder;
    }

    /** The product that is running now. */
    public static Installation running() {
        return RUNNING;
    }

    /** The product installed in {@code folder} (the folder holding {@code plugins/}, {@code p2/}, {@code configuration/}). */
    public static Installation folder(Path folder) {
        return new Installation(folder.toAbsolutePath().normalize());
    }

    /** The folder, or empty for the running product. */
    public Optional<Path> path() {
        return Optional.ofNullable(folder);
    }

    public boolean isRunning() {
        return folder == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Installation i && java.util.Objects.equals(folder, i.folder);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(folder);
    }

    @Override
    public String toString() {
        return folder == null ? "this installation" : folder.toString();
    }
}
