package io.vswap.concepts.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Fuses several ED-LoRA concepts into one set of weights (Mix-of-Show's gradient fusion, a DS service): the
 * fused set is a library entry of its own ({@link Concept#isFusedSet()}) whose every member's token draws that
 * member in a prompt, several in one prompt if wished. The members stay in the library as they were.
 *
 * <p>Which concept a token means: a token names one library entry, a single concept or a set; a set's
 * members' tokens are not entries' tokens, so {@link ConceptStore#byToken} gives the single concept. To draw a
 * member through the set, load the set ({@link ConceptPrompt#load}) and write the member's token.
 */
public interface ConceptFusion {

    /** The fewest concepts a fusion takes. */
    int MIN_MEMBERS = 2;

    /**
     * @param modelFolder the base model the members were trained on (a diffusers folder)
     * @param members the concepts to fuse, {@value #MIN_MEMBERS} or more
     * @param name the set's name
     * @param token the set's own token: its name among the library's tokens (prompts write the members' tokens)
     * @param into the library to add the set to
     */
    record Request(Path modelFolder, List<StoredConcept> members, String name, String token, ConceptLibrary into) {
        public Request {
            members = List.copyOf(members);
        }
    }

    /**
     * Checks a request without loading the model: at least two readable single concepts, all trained on this
     * base model, distinct tokens, a free token for the set, a writable library.
     *
     * @throws ConceptInputException saying what is wrong and what to do
     */
    void check(Request request) throws IOException;

    /**
     * Checks the request and the members' weights against the model, fuses, and adds the set to the library.
     * Cancelled, it writes nothing.
     *
     * @param monitor stage words, per-layer progress and the time left; may be null
     * @throws ConceptInputException or {@link ConceptFileException} saying what is wrong, before any work
     */
    StoredConcept fuse(Request request, IProgressMonitor monitor) throws IOException;
}
