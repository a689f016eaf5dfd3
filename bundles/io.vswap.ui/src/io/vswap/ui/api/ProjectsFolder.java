package io.vswap.ui.api;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the studio proposes new projects: {@code ~/VideoSwap/<name>}, one rule for New Project,
 * New Swap's project when none is open and the sample project.
 */
public final class ProjectsFolder {

    private ProjectsFolder() {
    }

    /** {@code ~/VideoSwap}. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), "VideoSwap");
    }

    /** {@code ~/VideoSwap/<name>}, the name as typed but for characters no folder name takes; the home for none. */
    public static Path of(String projectName) {
        String part = projectName.replaceAll("[/\\\\:*?\"<>|]", "-");
        return part.isEmpty() ? home() : home().resolve(part);
    }

    /** {@link #of}, or {@code <name> 2}, {@code 3} … when that folder is taken. */
    public static Path unused(String projectName) {
        Path folder = of(projectName);
        for (int n = 2; Files.exists(folder); n++) {
            folder = of(projectName + " " + n);
        }
        return folder;
    }
}
