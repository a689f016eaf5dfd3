package io.vswap.concepts.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;

/** The {@code export-concept} job: a concept as one archive to hand to another studio or machine. */
@Component(service = BatchJobType.class)
public final class ExportConceptJobType implements BatchJobType {

    static final JobField CONCEPT = JobField.required("concept", JobField.Kind.TEXT,
            "the concept: its token (<hexagon1>) in the libraries in use, or its folder");
    static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            "the archive to write (" + ConceptStore.ARCHIVE_SUFFIX + ")");
    private static final List<JobField> FIELDS = List.of(CONCEPT, OUTPUT, ConceptJobs.LIBRARY);

    @Reference
    private ConceptStore store;

    @Override
    public String type() {
        return "export-concept";
    }

    @Override
    public String description() {
        return "write a concept (its concept.json, reference images, thumbnail, weights, loss curve) as one "
                + ConceptStore.ARCHIVE_SUFFIX + " archive; its weights are checked against their checksum first";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        String named = CONCEPT.text(spec);
        Path output = OUTPUT.path(spec);
        if (!output.getFileName().toString().endsWith(ConceptStore.ARCHIVE_SUFFIX)) {
            throw spec.error(OUTPUT.name(), "an archive's name ends in " + ConceptStore.ARCHIVE_SUFFIX);
        }
        Optional<Path> library = ConceptJobs.LIBRARY.optPath(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "export " + named + " → " + output;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                StoredConcept c = ConceptJobs.find(store, named, library.isPresent()
                        ? Optional.of(ConceptJobs.library(store, spec)) : Optional.empty());
                if (c.problem().isPresent()) {
                    throw new java.io.IOException(c.problem().get());
                }
                if (output.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(output.toAbsolutePath().getParent());
                }
                store.exportArchive(c, output, monitor);
                return "\"" + c.label() + "\" (" + c.require().token() + ") → " + output + " (" + Files.size(output)
                        + " bytes)";
            }
        };
    }
}
