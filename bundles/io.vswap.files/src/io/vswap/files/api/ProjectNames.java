package io.vswap.files.api;

import java.nio.file.Path;

/**
 * Names that become paths: a shot id, a render's name, a file a model lists. Every one read from a
 * file or a spec is checked here before it is joined to a folder, so that no edited or damaged
 * file can make a job read or write outside its project (or its model folder).
 */
public final class ProjectNames {

    /** The longest name most file systems take in one path element. */
    public static final int MAX_LENGTH = 255;

    private ProjectNames() {
    }

    /**
     * {@code name} when it is a single, plain path element: not empty, no separator, not {@code .}
     * or {@code ..}, no control character, at most {@value #MAX_LENGTH} characters.
     *
     * @param what what the name is, for the message ("shot id")
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String requirePlain(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " \"" + name + "\" names a folder above or the folder itself");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException(what + " \"" + name + "\" contains a path separator");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " \"" + printable(name) + "\" contains a control character");
            }
        }
        return name;
    }

    /**
     * {@code root/relative}, checked to stay inside {@code root} (after removing {@code .} and
     * {@code ..}); {@code relative} may have several elements (a model's {@code unet/x.safetensors}).
     *
     * @throws IllegalArgumentException when it is absolute or leads outside {@code root}
     */
    public static Path inside(Path root, String relative, String what) {
        if (relative == null || relative.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        Path r = Path.of(relative);
        if (r.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new IllegalArgumentException(what + " \"" + relative + "\" is an absolute path; it must lie inside " + root);
        }
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(r).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new IllegalArgumentException(what + " \"" + relative + "\" leads outside " + root);
        }
        return p;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
