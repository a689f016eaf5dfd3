package io.vswap.concepts.api;

import java.nio.file.Path;

/**
 * A deleted concept, waiting in its library's trash: {@link ConceptStore#restore} puts it back.
 *
 * @param library the library it was deleted from
 * @param trashed its folder in the trash
 * @param id the folder name it had (it gets it back when that is still free)
 * @param name its name, for "Undo delete …"
 */
public record TrashedConcept(ConceptLibrary library, Path trashed, String id, String name) {
}
