package io.vswap.concepts.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A concept as a library holds it: its folder, and what {@code concept.json} says — or why it
 * cannot be read (damaged, of a newer version), so that a library lists every folder and hides none.
 *
 * @param library the library it is in
 * @param folder its folder
 * @param concept what it is; empty when {@code problem} says why not
 * @param problem why the concept cannot be used; empty when it can
 */
public record StoredConcept(ConceptLibrary library, Path folder, Optional<Concept> concept, Optional<String> problem) {

    public StoredConcept {
        if (concept.isEmpty() == problem.isEmpty()) {
            throw new IllegalArgumentException("a stored concept is either read or has a problem");
        }
    }

    /** The concept's folder name: unique within its library. */
    public String id() {
        return folder.getFileName().toString();
    }

    /** Its name, or the folder's name when it cannot be read. */
    public String label() {
        return concept.map(Concept::name).orElse(id());
    }

    /** The concept; for callers that checked {@link #problem()}. */
    public Concept require() {
        return concept.orElseThrow(() -> new IllegalStateException(folder + ": " + problem.orElse("")));
    }

    /** A file of the concept's, by its name in {@code concept.json}. */
    public Path file(String name) {
        return ConceptPaths.resolve(folder, name, "file");
    }

    /**
     * Why the concept cannot be used with {@code model}: it cannot be read, or it was trained on
     * another base model (both named); empty when it can.
     */
    public Optional<String> incompatibility(BaseModelId model) {
        if (problem.isPresent()) {
            return problem;
        }
        BaseModelId trained = concept.get().baseModel();
        return trained.sameModel(model) ? Optional.empty()
                : Optional.of("\"" + label() + "\" was trained on the base model " + trained.shown() + ", not on "
                        + model.shown() + ", the one in use: it works only with the model it was trained on");
    }
}
