package io.vswap.concepts.api;

import java.nio.file.Path;

/**
 * A library: a folder of concepts, one folder each. The user's own is writable; a studio's shared
 * folder may be added read-only (its concepts are used and exported, never changed).
 *
 * @param folder where it is
 * @param name what the workbench calls it ("My concepts", "Studio")
 * @param readOnly whether this program may change it
 */
public record ConceptLibrary(Path folder, String name, boolean readOnly) {

    /** The trash's folder inside a library: deleted concepts wait there, restorable. */
    public static final String TRASH = ".trash";

    /** The user's own library where nothing else is set: {@code ~/VideoSwap/Concepts}. */
    public static ConceptLibrary userDefault() {
        return new ConceptLibrary(Path.of(System.getProperty("user.home"), "VideoSwap", "Concepts"), "My concepts",
                false);
    }

    public ConceptLibrary {
        folder = folder.toAbsolutePath().normalize();
        name = name == null || name.isBlank() ? folder.getFileName().toString() : name;
    }
}
