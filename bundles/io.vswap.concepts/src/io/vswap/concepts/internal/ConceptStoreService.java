package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptJson;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptPaths;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ImportOptions;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.api.TrashedConcept;

/** The {@link ConceptStore}: folder libraries on disk, named by {@link LibrarySettings}. */
@Component(service = ConceptStore.class)
public final class ConceptStoreService implements ConceptStore {

    @Override
    public List<ConceptLibrary> libraries() {
        return LibrarySettings.read();
    }

    @Override
    public void setLibraries(Path userLibrary, List<ConceptLibrary> extra) throws IOException {
        LibrarySettings.write(userLibrary, extra);
    }

    @Override
    public List<StoredConcept> list(ConceptLibrary library) throws IOException {
        return LibraryFolders.list(library);
    }

    @Override
    public List<StoredConcept> all() throws IOException {
        List<StoredConcept> out = new ArrayList<>();
        for (ConceptLibrary l : libraries()) {
            out.addAll(list(l));
        }
        return out;
    }

    /** @throws IOException naming the concept that has {@code token} already */
    private void requireFreeToken(String token, Optional<Path> except) throws IOException {
        for (StoredConcept c : all()) {
            if (c.concept().map(x -> x.token().equals(token)).orElse(false)
                    && except.map(e -> !e.equals(c.folder())).orElse(true)) {
                throw new IOException("the token " + token + " is already \"" + c.label() + "\"'s, in the library \""
                        + c.library().name() + "\": choose another token (a prompt must mean one concept by it)");
            }
        }
    }

    @Override
    public StoredConcept add(ConceptLibrary into, Concept concept, Map<String, Path> files) throws IOException {
        LibraryFolders.requireWritable(into);
        requireFreeToken(concept.token(), Optional.empty());
        String id = LibraryFolders.idFor(concept.token());
        Path staging = LibraryFolders.staging(into, id);
        try {
            for (String name : ConceptArchives.files(concept)) {
                if (name.equals(ConceptJson.FILE)) {
                    continue;
                }
                Path from = files.get(name);
                if (from == null || !Files.isRegularFile(from)) {
                    throw new IOException("the concept \"" + concept.name() + "\" names " + name + ", but "
                            + (from == null ? "no file was given for it" : from + " does not exist"));
                }
                Path to = ConceptPaths.resolve(staging, name, "file");
                Files.createDirectories(to.getParent());
                Files.copy(from, to);
            }
            Path w = ConceptPaths.resolve(staging, concept.weights().file(), "weights file");
            Concept sealed = concept.withWeights(new Weights(concept.weights().file(), BaseModelId.sha256(w),
                    Files.size(w)));
            ConceptJson.write(staging, sealed);
            return LibraryFolders.publish(into, staging, id);
        } catch (IOException | RuntimeException e) {
            LibraryFolders.discard(staging);
            throw e;
        }
    }

    @Override
    public StoredConcept rename(StoredConcept concept, String newName) throws IOException {
        LibraryFolders.requireWritable(concept.library());
        Concept renamed = concept.require().withName(newName);
        ConceptJson.write(concept.folder(), renamed);
        return LibraryFolders.read(concept.library(), concept.folder());
    }

    @Override
    public StoredConcept duplicate(StoredConcept concept, ConceptLibrary into, String newName, String newToken)
            throws IOException {
        LibraryFolders.requireWritable(into);
        Concept copy = concept.require().withName(newName).withToken(newToken);
        requireFreeToken(newToken, Optional.empty());
        String id = LibraryFolders.idFor(newToken);
        Path staging = LibraryFolders.staging(into, id);
        try {
            LibraryFolders.copyInto(concept.folder(), staging);
            ConceptJson.write(staging, copy);
            return LibraryFolders.publish(into, staging, id);
        } catch (IOException | RuntimeException e) {
            LibraryFolders.discard(staging);
            throw e;
        }
    }

    @Override
    public TrashedConcept delete(StoredConcept concept) throws IOException {
        return LibraryFolders.trash(concept);
    }

    @Override
    public StoredConcept restore(TrashedConcept trashed) throws IOException {
        if (java.nio.file.Files.isRegularFile(trashed.trashed().resolve(ConceptJson.FILE))) {
            // a concept given its token meanwhile keeps it: the restore says so rather than making a prompt ambiguous
            requireFreeToken(ConceptJson.read(trashed.trashed()).token(), Optional.empty());
        }
        return LibraryFolders.restore(trashed);
    }

    @Override
    public void verify(StoredConcept concept) throws IOException {
        if (concept.problem().isPresent()) {
            throw new ConceptFileException(concept.folder(), "cannot be used: " + concept.problem().get());
        }
        LibraryFolders.verifyWeights(concept.folder(), concept.require());
    }

    @Override
    public Path exportArchive(StoredConcept concept, Path archive, IProgressMonitor monitor) throws IOException {
        verify(concept);
        ConceptArchives.export(concept.folder(), concept.require(), archive, monitor);
        return archive;
    }

    @Override
    public StoredConcept importArchive(Path archive, ConceptLibrary into, ImportOptions options,
            IProgressMonitor monitor) throws IOException {
        LibraryFolders.requireWritable(into);
        Path staging = LibraryFolders.staging(into, "import");
        try {
            Concept c = ConceptArchives.unpack(archive, staging, monitor);
            if (options.model().isPresent() && !c.baseModel().sameModel(options.model().get())
                    && !options.keepIncompatible()) {
                throw new ConceptFileException(archive, "holds \"" + c.name() + "\", trained on the base model "
                        + c.baseModel().shown() + ", not on " + options.model().get().shown() + ", the one in use: it "
                        + "would not work with it. Import it as incompatible to keep it anyway");
            }
            Concept renamed = c.withToken(options.token().orElse(c.token())).withName(options.name().orElse(c.name()));
            try {
                requireFreeToken(renamed.token(), Optional.empty());
            } catch (IOException taken) {
                throw new ConceptFileException(archive, "holds \"" + c.name() + "\", but " + taken.getMessage()
                        + "; import it under another token", taken);
            }
            if (!renamed.equals(c)) {
                ConceptJson.write(staging, renamed);
            }
            try {
                LibraryFolders.verifyWeights(staging, renamed);
            } catch (ConceptFileException e) {
                throw new ConceptFileException(archive, "is damaged: the weights of \"" + c.name() + "\" do not match "
                        + "their checksum; it was not imported", e);
            }
            return LibraryFolders.publish(into, staging, LibraryFolders.idFor(renamed.token()));
        } catch (IOException | RuntimeException e) {
            LibraryFolders.discard(staging);
            throw e;
        }
    }
}
