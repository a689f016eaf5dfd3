package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.ModelFolders;
import io.vswap.diffusion.api.ModelProvider;

/** What the concept jobs share: their common fields, and finding a concept or a model the way a user names them. */
final class ConceptJobs {

    /** The model provider a job uses when it names no model folder (the built-in sample's). */
    static final String DEFAULT_MODEL = "sample";

    static final JobField LIBRARY = JobField.optional("library", JobField.Kind.PATH, "the user's library",
            "a library folder (else the user's own, as set in the workbench's preferences)");
    static final JobField MODEL = JobField.optional("model", JobField.Kind.PATH, "the \"" + DEFAULT_MODEL + "\" model",
            "the base model in use, a diffusers model folder: concepts trained on another are incompatible");

    private ConceptJobs() {
    }

    /** The library a job names, or the user's own. */
    static ConceptLibrary library(ConceptStore store, JobSpec spec) throws SpecException {
        Optional<Path> folder = LIBRARY.optPath(spec);
        if (folder.isEmpty()) {
            return store.userLibrary();
        }
        return store.libraries().stream().filter(l -> l.folder().equals(folder.get().toAbsolutePath().normalize()))
                .findFirst().orElse(new ConceptLibrary(folder.get(), null, false));
    }

    /** The id of the base model a job names, or of the default provider's. */
    static BaseModelId model(Optional<Path> folder, List<ModelProvider> providers) throws IOException {
        return BaseModelId.of(modelFolder(folder, providers));
    }

    /** The folder of the model a job names, or of the default provider's. */
    static Path modelFolder(Optional<Path> folder, List<ModelProvider> providers) throws IOException {
        return ModelFolders.resolve(folder, providers, DEFAULT_MODEL).folder();
    }

    /**
     * The concept {@code named} means: a token ({@code <hexagon1>}) in the libraries in use (and
     * {@code extra}), or a concept's folder.
     */
    static StoredConcept find(ConceptStore store, String named, Optional<ConceptLibrary> extra) throws IOException {
        if (named.startsWith("<")) {
            List<StoredConcept> all = new java.util.ArrayList<>(store.all());
            if (extra.isPresent() && store.libraries().stream().noneMatch(l -> l.folder().equals(extra.get().folder()))) {
                all.addAll(store.list(extra.get()));
            }
            return all.stream().filter(c -> c.concept().map(x -> x.token().equals(named)).orElse(false)).findFirst()
                    .orElseThrow(() -> new IOException("no concept has the token " + named + " in the libraries in use ("
                            + String.join(", ", store.libraries().stream().map(l -> l.folder().toString()).toList())
                            + "); list them with the list-concepts job"));
        }
        Path folder = Path.of(named).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IOException("\"" + named + "\" is neither a concept's token (like <hexagon1>) nor a concept's folder");
        }
        return LibraryFolders.read(new ConceptLibrary(folder.getParent(), null, true), folder);
    }
}
