package io.vswap.concepts.api;

/**
 * The one rule for a file named inside a concept's folder (in {@code concept.json} and in an
 * archive): stricter than a path that merely stays inside, so that an archive made on any system
 * unpacks the same everywhere.
 */
public final class ConceptPaths {

    private ConceptPaths() {
    }

    /**
     * Whether {@code name} stays inside the folder: relative, forward slashes, no empty, "." or ".."
     * part, no drive letter or backslash, printable.
     */
    public static boolean inside(String name) {
        if (name == null || name.isEmpty() || name.length() > 200 || name.startsWith("/") || name.contains("\\")
                || name.contains(":") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** {@code folder/name}, for a name checked by {@link #requireInside} ({@code ProjectNames.inside} checks again). */
    public static java.nio.file.Path resolve(java.nio.file.Path folder, String name, String what) {
        requireInside(name, what);
        return io.vswap.files.api.ProjectNames.inside(folder, name, "the " + what);
    }

    /** @throws IllegalArgumentException when {@code name} would leave the concept's folder */
    public static void requireInside(String name, String what) {
        if (!inside(name)) {
            throw new IllegalArgumentException("the " + what + " \"" + name + "\" is not a file inside the concept's "
                    + "folder");
        }
    }
}
