package io.vswap.concepts.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.ImportOptions;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.ModelProvider;

/** The {@code import-concept} job: an archive checked and taken into a library. */
@Component(service = BatchJobType.class)
public final class ImportConceptJobType implements BatchJobType {

    static final JobField ARCHIVE = JobField.required("archive", JobField.Kind.PATH,
            "the concept archive (" + ConceptStore.ARCHIVE_SUFFIX + ") to import");
    static final JobField KEEP_INCOMPATIBLE = JobField.flag("keepIncompatible", false,
            "import a concept trained on another base model anyway (listed as incompatible)");
    static final JobField TOKEN = JobField.optional("token", JobField.Kind.TEXT, "the concept's own",
            "import it under this token (when its own is taken)");
    static final JobField NAME = JobField.optional("name", JobField.Kind.TEXT, "the concept's own",
            "import it under this name");
    private static final List<JobField> FIELDS = List.of(ARCHIVE, ConceptJobs.LIBRARY, ConceptJobs.MODEL,
            KEEP_INCOMPATIBLE, TOKEN, NAME);

    @Reference
    private ConceptStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Override
    public String type() {
        return "import-concept";
    }

    @Override
    public String description() {
        return "check a concept archive (entries inside the concept's folder, no links, sizes, the weights' checksum, "
                + "its format version, its token free, its base model the one in use) and take it into a library";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path archive = ARCHIVE.path(spec);
        ConceptLibrary into = ConceptJobs.library(store, spec);
        Optional<Path> model = ConceptJobs.MODEL.optPath(spec);
        boolean keep = KEEP_INCOMPATIBLE.bool(spec);
        Optional<String> token = TOKEN.optText(spec);
        Optional<String> name = NAME.optText(spec);
        try {
            token.ifPresent(io.vswap.concepts.api.Concept::requireToken);
        } catch (IllegalArgumentException e) {
            throw spec.error(TOKEN.name(), e.getMessage());
        }
        return new BatchJob() {
            @Override
            public String describe() {
                return "import " + archive + " → " + into.folder();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                BaseModelId inUse = ConceptJobs.model(model, models);
                StoredConcept c = store.importArchive(archive, into, new ImportOptions(Optional.of(inUse), keep, token,
                        name), monitor);
                String line = "\"" + c.label() + "\" (" + c.require().token() + ") → " + c.folder();
                return c.incompatibility(inUse).map(why -> line + "; kept as incompatible: " + why).orElse(line);
            }
        };
    }
}
