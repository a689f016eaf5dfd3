package io.vswap.concepts.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The concept libraries in use (a DS service; the workbench and the batch runner share its
 * settings): list and search them, add, rename, duplicate, delete (to the library's trash,
 * restorable), export a concept as one archive ({@code .vswapconcept}) and import one. Every change
 * is atomic: a concept's folder appears whole or not at all, a failed change leaves the library as
 * it was. A token is unique across the libraries in use.
 */
public interface ConceptStore {

    /** An archive's file name ending. */
    String ARCHIVE_SUFFIX = ".vswapconcept";

    /** The libraries in use: the user's own first, then the extra ones in the order added. */
    List<ConceptLibrary> libraries();

    /** The user's own library (writable). */
    default ConceptLibrary userLibrary() {
        return libraries().get(0);
    }

    /**
     * Sets the libraries in use and saves the setting (for the workbench and the batch runner alike).
     *
     * @param userLibrary the user's own library's folder
     * @param extra other libraries (a studio's shared folder, read-only or not)
     */
    void setLibraries(Path userLibrary, List<ConceptLibrary> extra) throws IOException;

    /** Every concept folder of {@code library}, by id; a missing library folder has none. */
    List<StoredConcept> list(ConceptLibrary library) throws IOException;

    /** Every concept of every library in use. */
    List<StoredConcept> all() throws IOException;

    /** The concepts whose name, token, class word, description or a tag contains {@code text} (any case). */
    default List<StoredConcept> search(String text) throws IOException {
        return all().stream().filter(c -> c.concept().map(x -> x.matches(text)).orElse(false)).toList();
    }

    /** The concept a prompt means by {@code token} ({@code <hexagon1>}), in the libraries in use. */
    default Optional<StoredConcept> byToken(String token) throws IOException {
        return all().stream().filter(c -> c.concept().map(x -> x.token().equals(token)).orElse(false)).findFirst();
    }

    /**
     * Adds a concept to {@code into}: its files copied from where they are now (by the names
     * {@code concept.json} gives them), its weights' checksum computed.
     *
     * @param files every file the concept names (reference images, thumbnail, weights, loss curve) → where it is now
     * @throws IOException when a file is missing, the token is taken, or the library is read-only
     */
    StoredConcept add(ConceptLibrary into, Concept concept, Map<String, Path> files) throws IOException;

    /** Gives the concept another name (its token and folder stay). */
    StoredConcept rename(StoredConcept concept, String newName) throws IOException;

    /** A copy of the concept under another name and token, in {@code into}. */
    StoredConcept duplicate(StoredConcept concept, ConceptLibrary into, String newName, String newToken)
            throws IOException;

    /** Moves the concept to its library's trash; {@link #restore} undoes it. */
    TrashedConcept delete(StoredConcept concept) throws IOException;

    /** Puts a deleted concept back (under its folder name, or a free one beside it). */
    StoredConcept restore(TrashedConcept trashed) throws IOException;

    /** @throws ConceptFileException when the concept's weights are missing or not the ones it was saved with */
    void verify(StoredConcept concept) throws IOException;

    /** Writes the concept as one archive (atomically); {@code monitor} may be null. */
    Path exportArchive(StoredConcept concept, Path archive, IProgressMonitor monitor) throws IOException;

    /**
     * Imports an archive into {@code into}, checked first: entries that would leave the concept's
     * folder, links, too many or too large entries, a weights checksum that does not match, a newer
     * format, a token taken, a concept of another base model (unless kept as incompatible). Nothing
     * is written to the library unless all of it passes.
     *
     * @param monitor may be null
     * @throws ConceptFileException naming the archive and what is wrong, in words
     */
    StoredConcept importArchive(Path archive, ConceptLibrary into, ImportOptions options, IProgressMonitor monitor)
            throws IOException;
}
